"""Read the forms of a page as a browser would submit them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def data(self) -> dict[str, str | list[str]]:
        """What pressing the form's submit button sends, with nothing changed."""
        out: dict[str, str | list[str]] = {}
        for item in self.fields.values():
            if item.kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if item.kind == "select" and item.multiple:
                out[item.name] = [item.value] if item.value else []
            elif item.kind in {"checkbox", "radio"}:
                if item.value:
                    out[item.name] = item.value
            else:
                out[item.name] = item.value
        return out

    def text_fields(self) -> list[str]:
        return [
            f.name
            for f in self.fields.values()
            if f.kind in {"text", "textarea", "search", "email", "tel", "url"}
            and f.name not in {"csrfmiddlewaretoken"}
        ]

    def typed_fields(self) -> list[str]:
        """Every field a person types words into: free text and passwords."""
        return [
            *self.text_fields(),
            *(f.name for f in self.fields.values() if f.kind == "password"),
        ]

    def date_fields(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.kind == "date"]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or ("disabled" in a and tag != "option"):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            existing = self._form.fields.get(name)
            if kind in {"checkbox", "radio"}:
                checked = "checked" in a
                value = a.get("value", "on")
                if existing is None:
                    existing = self._form.fields[name] = Field(name, kind)
                existing.options.append(value)
                if checked:
                    existing.value = value
            elif existing is None:
                self._form.fields[name] = Field(name, kind, a.get("value", ""), attrs=a)
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in a)
            self._form.fields[name] = self._select
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", attrs=a)
            self._form.fields[name] = self._textarea

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            self._select.options.append(value.strip())
            if self._option_selected or (not self._select.value and len(self._select.options) == 1):
                self._select.value = value.strip()
            self._option_value = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops one newline straight after <textarea>.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None


def parse_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def main_form(html: str) -> Form:
    """The page's data-entry form: the POST form with the most fields."""
    forms = [f for f in parse_forms(html) if f.method == "post" and len(f.fields) > 1]
    if not forms:
        raise AssertionError("The page has no form to fill in.")
    return max(forms, key=lambda f: len(f.fields))
