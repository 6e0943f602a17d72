//! The WIM XML data: UTF-16LE with a BOM, describing the image. Windows reads the package
//! name, version, owner rank (ALTITUDE) and package id from here, so the writer emits the
//! elements in the order WCD does.

use quick_xml::events::Event;

use super::error::{Result, WimError};

/// What the package builder says about the image; written to the XML data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageInfo {
    /// `<NAME>`: the package name.
    pub name: String,
    /// `<DESCRIPTION>`.
    pub description: String,
    /// `<NOTES>`: WCD puts `VERSION=…;Source=…;PackageID=…;` here.
    pub notes: String,
    /// `<VERSION>`: the package version, e.g. `1.11`.
    pub version: String,
    /// `<ALTITUDE>`: owner base + rank (ITAdmin = 5000).
    pub altitude: u32,
    /// `<PACKAGEID>`: `{guid}` in lower case, braces included.
    pub package_id: String,
}

/// Counts and times the writer computes for the XML data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Directories in the image, the root included.
    pub dir_count: u64,
    /// Files in the image.
    pub file_count: u64,
    /// Sum of the file sizes (duplicates counted each time).
    pub total_bytes: u64,
    /// Size of the WIM up to the XML data (the top-level `<TOTALBYTES>`).
    pub wim_total_bytes: u64,
    /// FILETIME of capture.
    pub creation_time: u64,
    /// FILETIME of last change.
    pub last_modification_time: u64,
}

/// The XML data as read back: the raw text and its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlInfo {
    /// The decoded XML text (without the BOM).
    pub raw: String,
    /// Fields of the first image.
    pub image: ImageInfo,
    /// Counts and times, where present.
    pub stats: ImageStats,
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

fn time_xml(tag: &str, t: u64) -> String {
    format!(
        "<{tag}><HIGHPART>0x{:08X}</HIGHPART><LOWPART>0x{:08X}</LOWPART></{tag}>",
        t >> 32,
        t & 0xffff_ffff
    )
}

/// Builds the XML text in WCD's element order.
pub fn build_text(info: &ImageInfo, s: &ImageStats) -> String {
    format!(
        "<WIM><TOTALBYTES>{}</TOTALBYTES><IMAGE INDEX=\"1\"><NAME>{}</NAME><DESCRIPTION>{}</DESCRIPTION>\
         <NOTES>{}</NOTES><AUTHOR></AUTHOR><VERSION>{}</VERSION><ALTITUDE>{}</ALTITUDE>\
         <RESETCLEAR>0</RESETCLEAR><PACKAGEID>{}</PACKAGEID><DIRCOUNT>{}</DIRCOUNT>\
         <FILECOUNT>{}</FILECOUNT><TOTALBYTES>{}</TOTALBYTES><HARDLINKBYTES>0</HARDLINKBYTES>{}{}\
         <WIMBOOT>0</WIMBOOT></IMAGE></WIM>",
        s.wim_total_bytes,
        esc(&info.name),
        esc(&info.description),
        esc(&info.notes),
        esc(&info.version),
        info.altitude,
        esc(&info.package_id),
        s.dir_count,
        s.file_count,
        s.total_bytes,
        time_xml("CREATIONTIME", s.creation_time),
        time_xml("LASTMODIFICATIONTIME", s.last_modification_time),
    )
}

/// Encodes XML text as UTF-16LE with a BOM, as stored in the WIM.
pub fn encode_utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// Decodes the stored XML data (UTF-16LE, BOM optional) and extracts the fields.
pub fn parse(data: &[u8]) -> Result<XmlInfo> {
    if data.len() % 2 != 0 {
        return Err(WimError::CorruptXml(
            "odd number of bytes in UTF-16 text".into(),
        ));
    }
    let mut units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    if units.first() == Some(&0xfeff) {
        units.remove(0);
    }
    while units.last() == Some(&0) {
        units.pop();
    }
    let raw =
        String::from_utf16(&units).map_err(|_| WimError::CorruptXml("invalid UTF-16".into()))?;
    let mut info = XmlInfo {
        raw: raw.clone(),
        ..XmlInfo::default()
    };
    let mut reader = quick_xml::Reader::from_str(&raw);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut image_seen = 0u32;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| WimError::CorruptXml(e.to_string()))?;
        match ev {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                if name == "IMAGE" && path.len() == 1 {
                    image_seen += 1;
                }
                path.push(name);
                text.clear();
                if path.len() > 64 {
                    return Err(WimError::CorruptXml("nested too deeply".into()));
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    text.push(c);
                }
            }
            Event::End(_) => {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                if image_seen <= 1 {
                    apply(&mut info, &p, &text);
                }
                path.pop();
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(info)
}

fn num(s: &str) -> Option<u64> {
    let s = s.trim();
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

fn set_part(t: &mut u64, high: bool, v: &str) {
    let v = num(v).unwrap_or(0) & 0xffff_ffff;
    *t = if high {
        (*t & 0xffff_ffff) | (v << 32)
    } else {
        (*t & !0xffff_ffff) | v
    };
}

fn apply(x: &mut XmlInfo, p: &[&str], text: &str) {
    let t = text.to_string();
    match p {
        ["WIM", "TOTALBYTES"] => x.stats.wim_total_bytes = num(text).unwrap_or(0),
        ["WIM", "IMAGE", field] => match *field {
            "NAME" => x.image.name = t,
            "DESCRIPTION" => x.image.description = t,
            "NOTES" => x.image.notes = t,
            "VERSION" => x.image.version = t,
            "ALTITUDE" => x.image.altitude = num(text).unwrap_or(0) as u32,
            "PACKAGEID" => x.image.package_id = t,
            "DIRCOUNT" => x.stats.dir_count = num(text).unwrap_or(0),
            "FILECOUNT" => x.stats.file_count = num(text).unwrap_or(0),
            "TOTALBYTES" => x.stats.total_bytes = num(text).unwrap_or(0),
            _ => {}
        },
        ["WIM", "IMAGE", "CREATIONTIME", part] => {
            set_part(&mut x.stats.creation_time, *part == "HIGHPART", text)
        }
        ["WIM", "IMAGE", "LASTMODIFICATIONTIME", part] => set_part(
            &mut x.stats.last_modification_time,
            *part == "HIGHPART",
            text,
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_then_parse() {
        let info = ImageInfo {
            name: "a & <b>".into(),
            description: String::new(),
            notes: "VERSION=1;".into(),
            version: "1.11".into(),
            altitude: 5000,
            package_id: "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}".into(),
        };
        let s = ImageStats {
            dir_count: 3,
            file_count: 4,
            total_bytes: 5,
            wim_total_bytes: 6,
            creation_time: 0x01D947AC2CDB6690,
            last_modification_time: 0x01D947AC2CF2E6C7,
        };
        let bytes = encode_utf16(&build_text(&info, &s));
        assert_eq!(&bytes[..2], &[0xff, 0xfe]);
        let back = parse(&bytes).unwrap();
        assert_eq!(back.image, info);
        assert_eq!(back.stats, s);
    }
}
