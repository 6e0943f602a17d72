//! An XML file put inline into a parm value (a licence for
//! `EditionUpgrade/UpgradeEditionWithLicense`, store Serialization 5): WCD loads it as an
//! XML document and writes the root element back compactly — no declaration, no
//! whitespace between elements, `<e a="v" />` for empty elements, comments kept as they
//! are (line breaks inside included). Shown by corpus iotkit-ProSKU.

use crate::settings::xml_write::{escape_attr, escape_text};
use quick_xml::events::{BytesStart, Event};

/// The compact form of XML document `text`; `Err` says why it is not XML.
pub fn compact(text: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(text.trim_start_matches('\u{feff}'));
    let mut out = String::with_capacity(text.len());
    // An element just opened whose `>` is not written yet: closed as `/>` when it ends
    // with nothing inside.
    let mut pending: Option<String> = None;
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        let flush = |out: &mut String, pending: &mut Option<String>| {
            if let Some(p) = pending.take() {
                out.push_str(&p);
                out.push('>');
            }
        };
        match ev {
            Event::Start(s) => {
                flush(&mut out, &mut pending);
                pending = Some(open_tag(&s)?);
                depth += 1;
            }
            Event::Empty(s) => {
                flush(&mut out, &mut pending);
                out.push_str(&open_tag(&s)?);
                out.push_str(" />");
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match pending.take() {
                    Some(p) => {
                        out.push_str(&p);
                        out.push_str(" />");
                    }
                    None => {
                        out.push_str("</");
                        out.push_str(e.name().as_ref());
                        out.push('>');
                    }
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                if depth > 0 && !s.trim().is_empty() {
                    flush(&mut out, &mut pending);
                    out.push_str(&escape_text(&s));
                }
            }
            Event::GeneralRef(r) => {
                flush(&mut out, &mut pending);
                let name: &str = &r;
                if r.is_char_ref() {
                    let c = r
                        .resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .ok_or("bad character reference")?;
                    out.push_str(&escape_text(&c.to_string()));
                } else {
                    let c = match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => return Err(format!("unknown entity &{other};")),
                    };
                    out.push_str(&escape_text(c));
                }
            }
            Event::CData(c) => {
                flush(&mut out, &mut pending);
                out.push_str("<![CDATA[");
                let body: &str = &c;
                out.push_str(body);
                out.push_str("]]>");
            }
            Event::Comment(c) => {
                if depth > 0 {
                    flush(&mut out, &mut pending);
                    out.push_str("<!--");
                    let body: &str = &c;
                    out.push_str(body);
                    out.push_str("-->");
                }
            }
            Event::Decl(_) | Event::PI(_) => {}
            Event::DocType(_) => return Err("DOCTYPE declarations are not allowed".into()),
            Event::Eof => break,
        }
    }
    if out.is_empty() {
        return Err("there is no element".into());
    }
    Ok(out)
}

fn open_tag(s: &BytesStart<'_>) -> Result<String, String> {
    let mut tag = format!("<{}", s.name().as_ref());
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        tag.push_str(&format!(" {}=\"{}\"", a.key.as_ref(), escape_attr(&value)));
    }
    Ok(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_root_element_compactly() {
        let src = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Macros xmlns=\"urn:x\">\r\n  <!--\r\n    owned by x\r\n-->\r\n  <Macro Id=\"a\" Value=\"\"/>\r\n  <Macro Id=\"b\" Value=\"$(a)\\w &amp; &quot;q&quot;\"></Macro>\r\n  <T>1 &lt; 2</T>\r\n</Macros>\r\n";
        assert_eq!(
            compact(src).unwrap(),
            "<Macros xmlns=\"urn:x\"><!--\r\n    owned by x\r\n--><Macro Id=\"a\" Value=\"\" /><Macro Id=\"b\" Value=\"$(a)\\w &amp; &quot;q&quot;\" /><T>1 &lt; 2</T></Macros>"
        );
        assert!(compact("").is_err());
    }
}
