//! Which policies reach which node, and that nodes applying nothing
//! themselves share their parent's list instead of a copy.

use crate::model::*;
use crate::sources::{Origin, SourceMap};

const SOURCE: &str = r#"package demo

domain finance {
  owner "Finance"
  apply std.finance_posting, std.finance_posting
}

system ledger {
  domain finance
  kind ledger
  hosting cloud
  connectivity reliable
}

system hub {
  domain finance
  kind integration
  hosting cloud
  connectivity reliable
  apply std.governed_api
}

record Entry {
  reference: string
}

api Ledger {
  host ledger
  version 1.0.0
  base "/ledger"

  operation getEntry GET "/{reference}" {
    path reference: string
    response 200 Entry
  }

  operation postEntry POST "/" {
    body Entry
    response 201 Entry
    idempotent
    audited
    apply std.finance_posting, std.governed_api
  }
}
"#;

fn model() -> Model {
    let mut sources = SourceMap::with_stdlib();
    sources.add("test.weft".to_string(), SOURCE.to_string(), Origin::Project);
    crate::check(&sources).model
}

/// Each applied policy's name and where it came from.
fn applied(model: &Model, list: &[AppliedPolicy]) -> Vec<(String, String)> {
    list.iter()
        .map(|applied| {
            (
                model.policy(applied.policy).name.name.to_string(),
                applied.via.to_string(),
            )
        })
        .collect()
}

fn pair(policy: &str, via: &str) -> (String, String) {
    (policy.to_string(), via.to_string())
}

#[test]
fn policies_reach_down_each_once_with_where_they_came_from() {
    let model = model();
    let system = |name: &str| {
        model
            .systems
            .iter()
            .find(|system| system.name.name == name)
            .expect("declared")
    };
    let domain = &model.domains[system("ledger").domain.expect("has one").index()];
    // The domain's own list keeps what it wrote; its systems see each
    // policy once.
    assert_eq!(
        applied(&model, &domain.policies),
        [
            pair("finance_posting", "domain finance"),
            pair("finance_posting", "domain finance")
        ]
    );
    assert_eq!(
        applied(&model, &system("ledger").policies),
        [pair("finance_posting", "domain finance")]
    );
    assert_eq!(
        applied(&model, &system("hub").policies),
        [
            pair("finance_posting", "domain finance"),
            pair("governed_api", "system hub")
        ]
    );
    let api = model
        .apis
        .iter()
        .find(|api| api.name.name == "Ledger")
        .expect("declared");
    assert_eq!(
        applied(&model, &api.policies),
        [pair("finance_posting", "domain finance")]
    );
    let [get, post] = api.operations.as_slice() else {
        panic!("two operations");
    };
    assert_eq!(
        applied(&model, &get.policies),
        applied(&model, &api.policies)
    );
    // An operation's own application of a policy its API already has is
    // not repeated.
    assert_eq!(
        applied(&model, &post.policies),
        [
            pair("finance_posting", "domain finance"),
            pair("governed_api", "operation postEntry")
        ]
    );
}

#[test]
fn a_node_applying_nothing_shares_its_parents_list() {
    let model = model();
    let api = model
        .apis
        .iter()
        .find(|api| api.name.name == "Ledger")
        .expect("declared");
    let shares = |list: &[AppliedPolicy]| std::ptr::eq(list, &*api.policies);
    assert!(shares(&api.operations[0].policies));
    assert!(!shares(&api.operations[1].policies));
    let ledger = &model.systems[api.host.expect("has one").index()];
    assert!(std::ptr::eq(&*api.policies, &*ledger.policies));
}

#[test]
fn applied_policies_read_and_serialise_as_their_slice() {
    let empty = AppliedPolicies::from(Vec::new());
    assert_eq!(empty, AppliedPolicies::default());
    assert!(empty.is_empty());
    assert_eq!(serde_json::to_string(&empty).expect("serialises"), "[]");
    let one = AppliedPolicies::from(vec![AppliedPolicy {
        policy: PolicyId(3),
        applied_at: weft_base::Span::default(),
        via: SmolStr::new_static("domain finance"),
    }]);
    assert_eq!(
        serde_json::to_string(&one).expect("serialises"),
        r#"[{"policy":3,"via":"domain finance"}]"#
    );
    assert_eq!(format!("{one:?}"), format!("{:?}", one.to_vec()));
}
