//! The administrators' pages: organisations, contracts, staff accounts, and the CSV imports of
//! organisations and staff. Each lists what the
//! administrator manages (the server decides the scope) and offers the changes the API takes.

mod contracts;
mod import_orgs;
mod import_users;
mod org_settings;
mod orgs;
mod users;

pub use contracts::ContractsPage;
pub use import_orgs::ImportOrgsPage;
pub use import_users::ImportUsersPage;
pub use org_settings::OrgSettingsPage;
pub use orgs::OrgsPage;
pub use users::UsersPage;

use crate::components::ProblemNotice;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{OrgKind, OrgNode, OrgTree};
use mimamori_shared::i18n::staff_admin::AdminText;

/// An organisation of the tree with its depth, for indented choices.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatOrg {
    /// The organisation (its children left out).
    pub org: OrgNode,
    /// 0 for a root.
    pub depth: usize,
}

impl FlatOrg {
    /// The name indented by depth, for a `<select>` (options cannot hold markup).
    pub fn indented(&self) -> String {
        format!("{}{}", "　".repeat(self.depth), self.org.name)
    }
}

/// Every organisation of the tree, parents before children.
pub fn flatten(tree: &OrgTree) -> Vec<FlatOrg> {
    fn walk(nodes: &[OrgNode], depth: usize, out: &mut Vec<FlatOrg>) {
        for node in nodes {
            out.push(FlatOrg {
                org: OrgNode {
                    children: Vec::new(),
                    ..node.clone()
                },
                depth,
            });
            walk(&node.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&tree.roots, 0, &mut out);
    out
}

/// The organisations of one kind.
pub fn of_kind(orgs: &[FlatOrg], kind: OrgKind) -> Vec<FlatOrg> {
    orgs.iter()
        .filter(|o| o.org.kind == kind)
        .cloned()
        .collect()
}

/// A failed administration call: the page's own words for its conflicts and for "not yours",
/// else the console's general message.
#[component]
pub fn AdminProblem(problem: Problem) -> Element {
    let lang = use_lang();
    let text = AdminText::conflict(&problem.code).or(match problem.status {
        404 => Some(AdminText::ErrNotFound),
        _ => None,
    });
    rsx! {
        match text {
            Some(text) => rsx! {
                p { class: "notice notice-error", role: "alert", "data-testid": "admin-problem",
                    {text.get(lang)}
                }
            },
            None => rsx! { ProblemNotice { problem } },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::ids::OrgId;

    fn node(id: i64, kind: OrgKind, children: Vec<OrgNode>) -> OrgNode {
        OrgNode {
            id: OrgId(id),
            kind,
            name: format!("o{id}"),
            parent_id: None,
            phone: None,
            time_zone: "Asia/Tokyo".into(),
            address: None,
            children,
        }
    }

    #[test]
    fn the_tree_flattens_parents_first_with_depths() {
        let tree = OrgTree {
            roots: vec![node(
                1,
                OrgKind::Prefecture,
                vec![node(
                    2,
                    OrgKind::HealthCentre,
                    vec![node(3, OrgKind::FollowupOrg, vec![])],
                )],
            )],
        };
        let flat = flatten(&tree);
        let ids: Vec<(i64, usize)> = flat.iter().map(|f| (f.org.id.0, f.depth)).collect();
        assert_eq!(ids, [(1, 0), (2, 1), (3, 2)]);
        assert_eq!(flat[2].indented(), "　　o3");
        assert_eq!(of_kind(&flat, OrgKind::HealthCentre).len(), 1);
    }
}
