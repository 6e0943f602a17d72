//! The compiler's output as the tests compare it.

use ppkg_wizard::package::{Compiled, Content};

/// A provxml from its expected body lines (indentation included), with WCD's framing.
pub fn provxml(body: &[&str]) -> String {
    let mut s = String::from(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<wap-provisioningdoc>",
    );
    for l in body {
        s.push_str("\r\n");
        s.push_str(l);
    }
    s.push_str("\r\n</wap-provisioningdoc>");
    s
}

/// The paths of the compiled files, in order.
pub fn names(c: &Compiled) -> Vec<&str> {
    c.files.iter().map(|f| f.path.as_str()).collect()
}

/// The text of compiled file `path` (which must be there and not an asset).
pub fn file_text(c: &Compiled, path: &str) -> String {
    match &c
        .file(path)
        .unwrap_or_else(|| panic!("no {path}; have {:?}", names(c)))
        .content
    {
        Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        Content::Asset(_) => panic!("{path} is an asset"),
    }
}
