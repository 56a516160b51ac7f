"""A page's HTML as a small tree, so a test can ask what a reader (or a screen reader) finds
where: `Page(html).root.find("header", class_="site-header").find("form", role="search")`.
Attributes are matched exactly, `class_` by one of the element's classes (a trailing underscore
for Python's keywords: class_, for_)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.parts: list = []  # text and child elements, in order

    @property
    def text(self) -> str:
        return " ".join("".join(p if isinstance(p, str) else p.text for p in self.parts).split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def has(self, name: str, value: str) -> bool:
        if name == "class":
            return value in self.attrs.get("class", "").split()
        return self.attrs.get(name) == value

    def find_all(self, tag: str, **attrs) -> list["Element"]:
        return [
            element
            for element in self.iter()
            if element.tag == tag
            and all(element.has(name.rstrip("_"), value) for name, value in attrs.items())
        ]

    def find(self, tag: str, **attrs) -> "Element":
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}>"
        return found[0]


class Page(HTMLParser):
    """Enough of an HTML tree to ask what a reader (or a screen reader) finds where."""

    def __init__(self, html: str):
        super().__init__()
        self.root = self.current = Element("#document", {})
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        self.current.parts.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)
