from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DocumentTemplate
from .render import check_template


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ("kind", "region", "file", "note")
        help_texts = {"file": "在内置模板的基础上修改（措辞、发文机关标志等），保留 {{ }} 与 {%p %} 标记；"
                              "上传时按文件内容检查，并用示例数据试生成一次。"}

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file and hasattr(file, "content_type"):  # a new upload
            check_template(file)
        return file


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    form = DocumentTemplateForm
    list_display = ("kind", "region", "note", "uploaded_by", "updated_at")
    list_filter = ("kind",)
    autocomplete_fields = ()
    raw_id_fields = ("region",)

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
