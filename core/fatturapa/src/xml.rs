//! Reading the XML tree: elements by local name (any namespace prefix, or none), their trimmed
//! text, and where they are (element path, line, column) for error messages.

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{Error, ErrorKind, Expected, Location};

/// At most this many nodes in one document: a FatturaPA file is limited to 5 MB by SdI, far
/// below this; the bound keeps hostile input from using unbounded memory.
const NODES_LIMIT: u32 = 2_000_000;

/// Parses `text` as XML (no DTD: FatturaPA and SdI messages have none).
pub(crate) fn parse(text: &str) -> Result<Document<'_>, Error> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let (line, column) = match e {
            // The document stops before its root closes: the place is its end.
            roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
                let line = text.matches('\n').count() + 1;
                let last = text.rsplit('\n').next().unwrap_or_default();
                (
                    u32::try_from(line).unwrap_or(u32::MAX),
                    u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX),
                )
            }
            _ => (e.pos().row, e.pos().col),
        };
        Error::at(
            ErrorKind::Xml {
                detail: e.to_string(),
            },
            Location {
                path: String::new(),
                line,
                column,
            },
        )
    })
}

/// The element's local name (without prefix).
pub(crate) fn name<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The first child element called `local`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && name(*c) == local)
}

/// Every child element called `local`, in document order.
pub(crate) fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && name(*c) == local)
}

/// The element's text (all text and CDATA inside it, entities resolved), trimmed.
pub(crate) fn text(node: Node<'_, '_>) -> String {
    let mut out = String::new();
    for d in node.descendants().filter(|d| d.is_text()) {
        out.push_str(d.text().unwrap_or_default());
    }
    out.trim().to_string()
}

/// The child `local`, which must exist.
pub(crate) fn required<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'static str,
) -> Result<Node<'a, 'i>, Error> {
    child(node, local)
        .ok_or_else(|| Error::at(ErrorKind::Missing { element: local }, location(node)))
}

/// The text of the child `local`, which must exist and not be blank.
pub(crate) fn required_text(node: Node<'_, '_>, local: &'static str) -> Result<String, Error> {
    let c = required(node, local)?;
    let t = text(c);
    if t.is_empty() {
        return Err(invalid(c, local, t, Expected::Text));
    }
    Ok(t)
}

/// The text of the child `local` when it exists and is not blank.
pub(crate) fn optional_text(node: Node<'_, '_>, local: &str) -> Option<String> {
    child(node, local).map(text).filter(|t| !t.is_empty())
}

/// An [`ErrorKind::Invalid`] located at `node`.
pub(crate) fn invalid(
    node: Node<'_, '_>,
    element: &'static str,
    value: String,
    expected: Expected,
) -> Error {
    let mut value = value;
    if value.chars().count() > 80 {
        value = value.chars().take(80).collect::<String>() + "…";
    }
    Error::at(
        ErrorKind::Invalid {
            element,
            value,
            expected,
        },
        location(node),
    )
}

/// Where `node` is: its element path from the root and its line and column.
pub(crate) fn location(node: Node<'_, '_>) -> Location {
    let pos = node.document().text_pos_at(node.range().start);
    Location {
        path: path(node),
        line: pos.row,
        column: pos.col,
    }
}

/// `Root/Child/Grandchild[2]/…`: local names, numbered among same-named siblings when there
/// are several.
fn path(node: Node<'_, '_>) -> String {
    let mut parts: Vec<String> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| {
            let local = name(n);
            let same = |s: &Node<'_, '_>| s.is_element() && name(*s) == local;
            let before = n.prev_siblings().skip(1).filter(same).count();
            let after = n.next_siblings().skip(1).filter(same).count();
            if before + after > 0 {
                format!("{local}[{}]", before + 1)
            } else {
                local.to_string()
            }
        })
        .collect();
    parts.reverse();
    parts.join("/")
}
