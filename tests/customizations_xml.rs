//! customizations.xml read → write must reproduce what WCD writes.

mod common;

use ppkg_wizard::settings::{read_customizations, write_answer_file, write_customizations};
use std::fs;

fn crlf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn samples_round_trip_byte_for_byte() {
    for sample in ["epower-v1.11", "epower-v1.1"] {
        let path = common::samples_dir()
            .join(sample)
            .join("customizations.xml");
        let src = fs::read_to_string(&path).unwrap();
        let doc = read_customizations(src.as_bytes()).unwrap();
        let out = write_customizations(&doc);
        // The shared copy has LF line ends (git); WCD writes CRLF, as we do.
        assert_eq!(out, crlf(&src), "{sample}");
        // The written file parses again with both namespaces WCD uses.
        assert!(out.contains(
            "<PackageConfig xmlns=\"urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0\">"
        ));
        assert!(
            out.contains("<Settings xmlns=\"urn:schemas-microsoft-com:windows-provisioning\">")
        );
        assert_eq!(read_customizations(out.as_bytes()).unwrap(), doc);
    }
}

#[test]
fn matches_the_copies_inside_wcd_packages() {
    if !common::tool_available("wimlib-imagex") {
        return;
    }
    for sample in ["epower-v1.11", "epower-v1.1"] {
        let dir = common::samples_dir().join(sample);
        let tree = common::wimlib_apply(&dir.join("e-power.ppkg"));
        let packed =
            fs::read_to_string(tree.path().join("Multivariant/0/customizations.xml")).unwrap();
        let mut doc =
            read_customizations(fs::read(dir.join("customizations.xml")).unwrap().as_slice())
                .unwrap();
        // WCD bumps the project's version after building; the package holds the old one.
        doc.package.version = read_customizations(packed.as_bytes())
            .unwrap()
            .package
            .version;
        assert_eq!(
            write_customizations(&doc),
            packed,
            "{sample} customizations.xml"
        );
        let answer =
            fs::read_to_string(tree.path().join("CommonSettings/1/AnswerFile.xml")).unwrap();
        assert_eq!(write_answer_file(&doc), answer, "{sample} AnswerFile.xml");
    }
}

#[test]
fn normalizes_like_wcd() {
    // LF, tabs and Description before Version, as a hand-written file may have; an empty
    // <Notes/> stays self-closing, as WCD keeps it (corpus pat-IIMN2).
    let src = "<?xml version=\"1.0\"?>\n<WindowsCustomizations>\n\t<PackageConfig xmlns=\"urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0\">\n\t\t<ID>{00000000-0000-0000-0000-000000000001}</ID>\n\t\t<Name>n</Name>\n\t\t<Description>d &amp; \"q\"</Description>\n\t\t<Version>1.0</Version>\n\t\t<OwnerType>ITAdmin</OwnerType>\n\t\t<Rank>0</Rank>\n\t\t<Notes/>\n\t</PackageConfig>\n\t<Settings xmlns=\"urn:schemas-microsoft-com:windows-provisioning\"><Customizations><Common><Start><ConfigureStartPins>{\"pinnedList\":[]}</ConfigureStartPins></Start><X A=\"a&quot;b\"/></Common></Customizations></Settings>\n</WindowsCustomizations>\n";
    let doc = read_customizations(src.as_bytes()).unwrap();
    let out = write_customizations(&doc);
    let expected = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<WindowsCustomizations>\r\n  <PackageConfig xmlns=\"urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0\">\r\n    <ID>{00000000-0000-0000-0000-000000000001}</ID>\r\n    <Name>n</Name>\r\n    <Version>1.0</Version>\r\n    <OwnerType>ITAdmin</OwnerType>\r\n    <Rank>0</Rank>\r\n    <Notes />\r\n    <Description>d &amp; \"q\"</Description>\r\n  </PackageConfig>\r\n  <Settings xmlns=\"urn:schemas-microsoft-com:windows-provisioning\">\r\n    <Customizations>\r\n      <Common>\r\n        <Start>\r\n          <ConfigureStartPins>{\"pinnedList\":[]}</ConfigureStartPins>\r\n        </Start>\r\n        <X A=\"a&quot;b\" />\r\n      </Common>\r\n    </Customizations>\r\n  </Settings>\r\n</WindowsCustomizations>";
    assert_eq!(out, expected);
}

#[test]
fn bad_documents_are_refused_with_a_reason() {
    let cases: [(&[u8], &str); 7] = [
        (b"<WindowsCustomizations><PackageConfig>", "not closed"),
        (b"<Other/>", "not <WindowsCustomizations>"),
        (b"<WindowsCustomizations><Settings/></WindowsCustomizations>", "<PackageConfig> is missing"),
        (b"<WindowsCustomizations><PackageConfig/><Bogus/></WindowsCustomizations>", "<Bogus> is not expected"),
        (b"<!DOCTYPE x [<!ENTITY a 'b'>]><WindowsCustomizations/>", "DOCTYPE"),
        (b"\xff\xfe\x00", "UTF-8 or UTF-16"),
        (b"<WindowsCustomizations><PackageConfig><Name>a&bogus;</Name></PackageConfig></WindowsCustomizations>", "entity"),
    ];
    for (input, needle) in cases {
        let err = read_customizations(input).unwrap_err().to_string();
        assert!(err.contains(needle), "{err:?} should mention {needle:?}");
    }
}
