//! WCD's project file, `<Name>.icdproj.xml`: name, description and package id, so WCD opens
//! the exported folder as a project of its own.

use crate::settings::xml_write::{Out, escape_attr};

/// What the project file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcdProject {
    pub name: String,
    pub description: String,
    /// `{guid}`, the same as PackageConfig/ID.
    pub id: String,
}

/// WCD version string written into exported project files (the ADK release the shape
/// was taken from).
const WCD_VERSION: &str = "10.0.22621.1";

/// The file as WCD writes it: BOM, CRLF, one attribute per line.
pub fn write_icdproj(p: &IcdProject) -> String {
    let mut w = Out::default();
    w.raw("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    w.line(0, "<ICDProject");
    w.line(1, &format!("Name=\"{}\"", escape_attr(&p.name)));
    w.line(
        1,
        &format!("Description=\"{}\"", escape_attr(&p.description)),
    );
    w.line(1, &format!("Version=\"{WCD_VERSION}\""));
    w.line(1, &format!("Id=\"{}\"", escape_attr(&p.id)));
    w.line(1, "TemplateName=\"Provisioning package\"");
    w.line(1, "TemplateType=\"ProvisioningPackage\">");
    w.line(1, "<TargetEditions>");
    w.line(2, "<Sku>");
    w.line(3, "<StoreType>File</StoreType>");
    w.line(3, "<Name>All Windows desktop editions</Name>");
    w.line(
        3,
        "<SourcePath>Microsoft-Desktop-Provisioning.dat</SourcePath>",
    );
    w.line(3, "<Edition>Desktop</Edition>");
    w.line(3, "<Version>10.0</Version>");
    w.line(3, "<Description>Selecting this option will display settings that are specific to the desktop editions as well as settings that are common to all Windows editions.</Description>");
    w.line(2, "</Sku>");
    w.line(1, "</TargetEditions>");
    w.line(0, "</ICDProject>");
    w.finish()
}

/// Reads the name, description and id from a WCD project file.
pub fn read_icdproj(bytes: &[u8]) -> Result<IcdProject, crate::settings::ReadError> {
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
    let root = crate::settings::parse_tree(&text)?;
    if root.name != "ICDProject" {
        return Err(crate::settings::ReadError::Shape(format!(
            "the top element is <{}>, not <ICDProject>",
            root.name
        )));
    }
    let attr = |k: &str| root.attr(k).unwrap_or_default().to_owned();
    Ok(IcdProject {
        name: attr("Name"),
        description: attr("Description"),
        id: attr("Id"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_wcd_sample() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/samples/epower-v1.11");
        let src =
            std::fs::read_to_string(dir.join("e-power Autopilot enrollment.icdproj.xml")).unwrap();
        let p = read_icdproj(src.as_bytes()).unwrap();
        assert_eq!(p.id, "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}");
        // The shared copy has LF line ends (git); WCD writes CRLF.
        assert_eq!(write_icdproj(&p), src.replace('\n', "\r\n"));
    }
}
