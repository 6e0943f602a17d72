//! WCD's stores show some settings only while a nearby setting holds a given value
//! (`Visibility\<group>\<n>`: `Setting=../Enable`, `Value=eshell.exe`). WCD builds only what
//! it shows: a setting whose conditions fail is left out of the package, even though
//! customizations.xml keeps it. The rule, as the corpus shows it:
//!
//! - a setting is shown when every condition of at least one group holds;
//! - a condition holds only when the named setting is *set* in the document to that value
//!   (its display name counts: `ENABLE` is `1`); the named setting's store default does
//!   not count — ShellLauncher's `Enable` defaults to `eshell.exe`, yet WCD 2019 left out
//!   the user shells of a package that did not set it, while it kept `AutoLogon/UserName`
//!   beside `<Enable>ENABLE</Enable>`;
//! - a hidden group hides everything under it.

use crate::settings::Node;

/// One condition: the setting at `setting` (relative to the conditioned node: each `..`
/// climbs one level, the first to the node's parent) must hold `value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub setting: &'static str,
    pub value: &'static str,
}

/// A setting left out of the build, and what would show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hidden {
    /// Schema path of the element left out (map items keep their element name).
    pub path: String,
    /// The groups of conditions of which none held.
    pub needs: Vec<Vec<Condition>>,
}

impl Hidden {
    /// Plain words for a notice: `SMISettings/ShellLauncher/Enable is eshell.exe`.
    pub fn needs_in_words(&self) -> String {
        let base: Vec<&str> = self.path.split('/').collect();
        self.needs
            .iter()
            .map(|g| {
                g.iter()
                    .map(|c| {
                        let (up, rest) = split_up(c.setting);
                        let keep = base.len().saturating_sub(up);
                        let mut p = base[..keep].join("/");
                        if !rest.is_empty() {
                            if !p.is_empty() {
                                p.push('/');
                            }
                            p.push_str(rest);
                        }
                        format!("{p} is {}", c.value)
                    })
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", or ")
    }
}

/// The condition groups of the store node at schema path `path` (empty: always shown).
/// Conditions of a kind other than "equals" (code 1, the only one the stores use) are not
/// understood, and a group holding one is treated as met: showing a setting WCD might hide
/// is safer than dropping one it builds.
pub fn conditions(path: &str) -> Vec<Vec<Condition>> {
    let Some(node) = super::store::node(path) else {
        return Vec::new();
    };
    let mut groups: Vec<(&str, Vec<Option<Condition>>)> = Vec::new();
    for f in node.all("visible") {
        let [group, setting, value, code] = f.fields[..] else {
            continue;
        };
        let c = (code == "1").then_some(Condition { setting, value });
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, cs)) => cs.push(c),
            None => groups.push((group, vec![c])),
        }
    }
    if groups.iter().any(|(_, cs)| cs.iter().any(Option::is_none)) {
        return Vec::new();
    }
    groups
        .into_iter()
        .map(|(_, cs)| cs.into_iter().flatten().collect())
        .collect()
}

/// `../../Enable` → (2, `Enable`).
fn split_up(rel: &str) -> (usize, &str) {
    let mut up = 0;
    let mut rest = rel;
    while let Some(r) = rest.strip_prefix("../") {
        up += 1;
        rest = r;
    }
    (up, rest)
}

/// `common` (the `<Common>` element) without the settings WCD would hide, and the list of
/// what was left out. `None` when nothing is hidden, so callers keep the original.
pub fn without_hidden(common: &Node) -> Option<(Node, Vec<Hidden>)> {
    let mut hidden = Vec::new();
    let mut ancestors: Vec<&Node> = Vec::new();
    let out = prune(common, "", &mut ancestors, &mut hidden);
    (!hidden.is_empty()).then_some((out, hidden))
}

fn prune<'a>(
    node: &'a Node,
    path: &str,
    ancestors: &mut Vec<&'a Node>,
    hidden: &mut Vec<Hidden>,
) -> Node {
    ancestors.push(node);
    let mut kept = Vec::with_capacity(node.children.len());
    for child in &node.children {
        let child_path = if path.is_empty() {
            child.name.clone()
        } else {
            format!("{path}/{}", child.name)
        };
        let groups = conditions(&child_path);
        if !groups.is_empty()
            && !groups
                .iter()
                .any(|g| g.iter().all(|c| holds(c, &child_path, ancestors)))
        {
            hidden.push(Hidden {
                path: child_path,
                needs: groups,
            });
            continue;
        }
        kept.push(prune(child, &child_path, ancestors, hidden));
    }
    ancestors.pop();
    Node {
        name: node.name.clone(),
        attrs: node.attrs.clone(),
        text: node.text.clone(),
        children: kept,
    }
}

/// Whether condition `c` of the element at `path` holds; `ancestors` ends with the
/// element's parent.
fn holds(c: &Condition, path: &str, ancestors: &[&Node]) -> bool {
    let (up, rest) = split_up(c.setting);
    if up == 0 || up > ancestors.len() {
        return false;
    }
    let mut at = ancestors[ancestors.len() - up];
    let segments: Vec<&str> = path.split('/').collect();
    let mut schema: Vec<&str> = segments[..segments.len().saturating_sub(up)].to_vec();
    for name in rest.split('/').filter(|s| !s.is_empty()) {
        match at.child(name) {
            Some(n) => at = n,
            None => return false,
        }
        schema.push(name);
    }
    let Some(text) = at.text.as_deref() else {
        return false;
    };
    if text.trim().eq_ignore_ascii_case(c.value) {
        return true;
    }
    super::setting(&schema.join("/"))
        .and_then(|s| s.compile_value(text).ok())
        .is_some_and(|v| v.eq_ignore_ascii_case(c.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell_launcher(enable: Option<&str>) -> Node {
        let mut children = Vec::new();
        if let Some(e) = enable {
            children.push(Node::leaf("Enable", e));
        }
        children.push(Node::branch(
            "UserSpecificSettings",
            vec![Node::branch(
                "LocalUserSpecificSettings",
                vec![
                    Node::branch(
                        "LocalUserShellSetting",
                        vec![Node::leaf("UserCustomShell", "app!App")],
                    )
                    .with_attr("Username", "Kiosk"),
                ],
            )],
        ));
        Node::branch(
            "Common",
            vec![Node::branch(
                "SMISettings",
                vec![Node::branch("ShellLauncher", children)],
            )],
        )
    }

    #[test]
    fn the_stores_carry_conditions() {
        let c = conditions("SMISettings/AutoLogon/UserName");
        assert_eq!(
            c,
            vec![vec![Condition {
                setting: "../Enable",
                value: "1"
            }]]
        );
        // Two groups: either security type shows the key.
        assert_eq!(
            conditions(
                "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings/SecurityKey"
            )
            .len(),
            2
        );
        assert!(conditions("Accounts/ComputerAccount/ComputerName").is_empty());
    }

    #[test]
    fn an_unset_condition_hides_the_group_even_when_its_default_would_show_it() {
        let (out, hidden) = without_hidden(&shell_launcher(None)).expect("hidden");
        assert_eq!(
            hidden[0].path,
            "SMISettings/ShellLauncher/UserSpecificSettings"
        );
        assert_eq!(
            hidden[0].needs_in_words(),
            "SMISettings/ShellLauncher/Enable is eshell.exe"
        );
        let sl = out.descend("SMISettings/ShellLauncher").unwrap();
        assert!(sl.child("UserSpecificSettings").is_none());
    }

    #[test]
    fn a_met_condition_by_display_name_keeps_everything() {
        assert!(without_hidden(&shell_launcher(Some("ENABLE"))).is_none());
        assert!(without_hidden(&shell_launcher(Some("eshell.exe"))).is_none());
    }

    #[test]
    fn another_value_hides() {
        let (_, hidden) = without_hidden(&shell_launcher(Some("explorer.exe"))).expect("hidden");
        assert_eq!(hidden.len(), 1);
    }

    #[test]
    fn autologon_user_name_follows_enable() {
        let doc = |enable: &str| {
            Node::branch(
                "Common",
                vec![Node::branch(
                    "SMISettings",
                    vec![Node::branch(
                        "AutoLogon",
                        vec![
                            Node::leaf("Enable", enable),
                            Node::leaf("UserName", "Kiosk"),
                        ],
                    )],
                )],
            )
        };
        assert!(without_hidden(&doc("ENABLE")).is_none());
        assert!(without_hidden(&doc("1")).is_none());
        let (_, hidden) = without_hidden(&doc("0")).expect("hidden");
        assert_eq!(hidden[0].path, "SMISettings/AutoLogon/UserName");
    }
}
