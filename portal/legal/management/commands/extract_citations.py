import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.legal.citations import extract_citations


def citations_line(line: str, line_number: int) -> dict:
    """The output record for one input line: its id and citations, or an error naming the id or line number."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "line": line_number, "error": f"not JSON: {error.msg}"}
    if not isinstance(record, dict) or "text" not in record or "id" not in record:
        record_id = record.get("id") if isinstance(record, dict) else None
        return {"id": record_id, "line": line_number, "error": "needs the keys id and text"}
    if not isinstance(record["text"], str):
        return {"id": record["id"], "line": line_number, "error": "text is not a string"}
    return {"id": record["id"], "citations": [citation.as_json() for citation in extract_citations(record["text"])]}


class Command(BaseCommand):
    help = (
        "Find citations of legal documents in JSON lines {id, text}. Writes one JSON line per input line, in order: "
        '{"id", "citations": [{"type", "number", "name", "year", "articles", "span"}]}, or {"id", "line", "error"} '
        "for a line that is not such a record (blank lines are skipped). Spans refer to the text in Unicode NFC."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="JSON lines file with id and text on every line")

    def handle(self, *args, path, **options):
        try:
            source = path.open(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CommandError(f"Không mở được tệp {path}: {error.strerror or error}") from error
        with source:
            for line_number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                self.stdout.write(json.dumps(citations_line(line, line_number), ensure_ascii=False))
