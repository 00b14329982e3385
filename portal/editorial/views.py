from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse

from . import audit


@permission_required("editorial.view_audit_log", raise_exception=True)
def audit_log(request):
    return TemplateResponse(request, "editorial/audit_log.html", {"entries": audit.entries()})
