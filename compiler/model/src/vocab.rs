//! The closed vocabularies of the language: each is an enum with one table
//! of spellings, so the resolver validates a value once and every check and
//! target matches on the enum instead of comparing strings.

/// A closed vocabulary, so that the resolver validates every one with the
/// same function and the same diagnostic.
pub trait Vocabulary: Copy + Sized {
    /// Every spelling, in the order the grammar and the docs list them.
    const SPELLINGS: &'static [&'static str];

    /// The value with this spelling.
    fn parse(text: &str) -> Option<Self>;

    /// The spelling, as written in weft.
    fn as_str(self) -> &'static str;
}

/// The methods shared by every vocabulary: parsing, spelling, the list of
/// spellings and `Display`. Kept apart from [`vocabulary!`] so that
/// [`CompatibilityMode`], whose model JSON spells variant names, shares them.
macro_rules! spellings {
    ($name:ident { $($variant:ident = $text:literal,)+ }) => {
        impl $name {
            /// Every value, in the order the grammar and the docs list them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// Every spelling, in the order of [`Self::ALL`].
            pub const SPELLINGS: &'static [&'static str] = &[$($text,)+];

            /// The value with this spelling.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The spelling, as written in weft.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl Vocabulary for $name {
            const SPELLINGS: &'static [&'static str] = $name::SPELLINGS;

            fn parse(text: &str) -> Option<$name> {
                $name::parse(text)
            }

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// An enum whose values serialise with their weft spelling (the model's
/// JSON keeps the strings it had when these were strings).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        spellings!($name { $($variant = $text,)+ });
    };
}

vocabulary! {
    /// A system's `kind`.
    SystemKind {
        /// Manufacturing execution system.
        Mes = "mes",
        /// Enterprise resource planning.
        Erp = "erp",
        /// Warehouse management.
        Wms = "wms",
        /// Quality management.
        Qms = "qms",
        /// Product lifecycle management.
        Plm = "plm",
        /// Supervisory control and data acquisition.
        Scada = "scada",
        /// A portal for suppliers.
        SupplierPortal = "supplier_portal",
        /// A ledger.
        Ledger = "ledger",
        /// An integration platform.
        Integration = "integration",
        /// Anything else.
        Other = "other",
    }
}

vocabulary! {
    /// A system's `hosting`.
    Hosting {
        /// In the company's own data centre or plant.
        OnPrem = "on_prem",
        /// On a cloud the company runs.
        Cloud = "cloud",
        /// Bought as a service.
        Saas = "saas",
    }
}

vocabulary! {
    /// A system's `connectivity`.
    Connectivity {
        /// Always reachable.
        Reliable = "reliable",
        /// Sometimes offline (a plant floor, a ship).
        Intermittent = "intermittent",
    }
}

vocabulary! {
    /// An event's `delivery` class.
    Delivery {
        /// As it happens.
        RealTime = "real_time",
        /// Within seconds or minutes.
        NearRealTime = "near_real_time",
        /// In batches.
        Batch = "batch",
    }
}

vocabulary! {
    /// An authentication scheme.
    AuthScheme {
        /// OAuth 2.0.
        OAuth2 = "oauth2",
        /// An API key in a header.
        ApiKey = "api_key",
        /// No authentication.
        None = "none",
    }
}

vocabulary! {
    /// An OAuth 2.0 flow.
    OAuthFlow {
        /// Machine-to-machine client credentials.
        ClientCredentials = "client_credentials",
    }
}

vocabulary! {
    /// An operation's HTTP method (the grammar accepts exactly these).
    HttpMethod {
        /// `GET`.
        Get = "GET",
        /// `POST`.
        Post = "POST",
        /// `PUT`.
        Put = "PUT",
        /// `PATCH`.
        Patch = "PATCH",
        /// `DELETE`.
        Delete = "DELETE",
        /// `HEAD`.
        Head = "HEAD",
        /// `OPTIONS`.
        Options = "OPTIONS",
    }
}

impl HttpMethod {
    /// Whether the method changes data.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch | HttpMethod::Delete
        )
    }
}

vocabulary! {
    /// An operation's pagination style.
    Pagination {
        /// An opaque cursor.
        Cursor = "cursor",
        /// An offset and a limit.
        Offset = "offset",
        /// A page number and a size.
        Page = "page",
    }
}

vocabulary! {
    /// What a policy's `require` asks for.
    Requirement {
        /// Write operations are idempotent.
        Idempotency = "idempotency",
        /// Write operations are audited.
        Audit = "audit",
        /// Events have a dead-letter route.
        DeadLetter = "dead_letter",
        /// Workflow calls and waits have a timeout.
        Timeout = "timeout",
        /// Events have a partition key.
        Key = "key",
    }
}

vocabulary! {
    /// What a policy's `sla` measures.
    SlaMetric {
        /// End-to-end latency.
        Latency = "latency",
        /// Data freshness.
        Freshness = "freshness",
    }
}

vocabulary! {
    /// A policy's `pii` rule.
    PiiMode {
        /// PII may not leave its domain.
        WithinDomain = "within_domain",
        /// PII may leave its domain.
        Allowed = "allowed",
    }
}

vocabulary! {
    /// What a policy's `naming` rule names.
    NamingSubject {
        /// Events.
        Events = "events",
        /// APIs.
        Apis = "apis",
        /// Operations.
        Operations = "operations",
        /// Fields.
        Fields = "fields",
        /// Types.
        Types = "types",
        /// Systems.
        Systems = "systems",
        /// Workflows.
        Workflows = "workflows",
    }
}

vocabulary! {
    /// A naming style.
    NamingStyle {
        /// `PascalCase`.
        PascalCase = "PascalCase",
        /// `camelCase`.
        CamelCase = "camelCase",
        /// `snake_case`.
        SnakeCase = "snake_case",
        /// `UPPER_SNAKE`.
        UpperSnake = "UPPER_SNAKE",
    }
}

/// Compatibility modes with Confluent Schema Registry's meaning, and the one
/// spelling table for weft, the manifest, the lock file, the command line and
/// Schema Registry. The model's JSON spells the variant names, as it always
/// has, hence no `rename` here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum CompatibilityMode {
    /// No checks.
    None,
    /// New readers read the previous version: `can_read(old, new)`.
    Backward,
    /// New readers read every earlier version.
    #[default]
    BackwardTransitive,
    /// Old readers read the new version: `can_read(new, old)`.
    Forward,
    /// Every earlier reader reads the new version.
    ForwardTransitive,
    /// Backward and forward against the previous version.
    Full,
    /// Backward and forward against every earlier version.
    FullTransitive,
}

spellings!(CompatibilityMode {
    None = "NONE",
    Backward = "BACKWARD",
    BackwardTransitive = "BACKWARD_TRANSITIVE",
    Forward = "FORWARD",
    ForwardTransitive = "FORWARD_TRANSITIVE",
    Full = "FULL",
    FullTransitive = "FULL_TRANSITIVE",
});

impl CompatibilityMode {
    /// Whether new readers must read old data.
    pub fn backward(self) -> bool {
        matches!(
            self,
            CompatibilityMode::Backward
                | CompatibilityMode::BackwardTransitive
                | CompatibilityMode::Full
                | CompatibilityMode::FullTransitive
        )
    }

    /// Whether old readers must read new data.
    pub fn forward(self) -> bool {
        matches!(
            self,
            CompatibilityMode::Forward
                | CompatibilityMode::ForwardTransitive
                | CompatibilityMode::Full
                | CompatibilityMode::FullTransitive
        )
    }

    /// Whether every earlier version counts, not only the previous one.
    pub fn transitive(self) -> bool {
        matches!(
            self,
            CompatibilityMode::BackwardTransitive
                | CompatibilityMode::ForwardTransitive
                | CompatibilityMode::FullTransitive
        )
    }

    /// The one-directional mode of a check: `BACKWARD`, `FORWARD` or their
    /// transitive forms, as findings name the check that failed.
    pub fn one_way(backward: bool, transitive: bool) -> CompatibilityMode {
        match (backward, transitive) {
            (true, false) => CompatibilityMode::Backward,
            (true, true) => CompatibilityMode::BackwardTransitive,
            (false, false) => CompatibilityMode::Forward,
            (false, true) => CompatibilityMode::ForwardTransitive,
        }
    }

    /// Parses a mode as people type it on a command line: any case, with
    /// `-` or `_` between the words (`forward-transitive`).
    pub fn parse_loose(text: &str) -> Option<CompatibilityMode> {
        CompatibilityMode::parse(&text.trim().to_ascii_uppercase().replace('-', "_"))
    }

    /// The same mode against the previous version only.
    pub fn pairwise(self) -> CompatibilityMode {
        match self {
            CompatibilityMode::BackwardTransitive => CompatibilityMode::Backward,
            CompatibilityMode::ForwardTransitive => CompatibilityMode::Forward,
            CompatibilityMode::FullTransitive => CompatibilityMode::Full,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value round-trips through its spelling, the spellings are those
    /// the grammar and docs accept, and JSON keeps them.
    macro_rules! round_trip {
        ($($test:ident: $name:ident = [$($text:literal),+ $(,)?];)+) => {$(
            #[test]
            fn $test() {
                for value in $name::ALL {
                    assert_eq!($name::parse(value.as_str()), Some(*value));
                    assert_eq!(value.to_string(), value.as_str());
                }
                assert_eq!($name::SPELLINGS, [$($text),+]);
                assert_eq!($name::ALL.len(), $name::SPELLINGS.len());
                assert_eq!($name::parse("no such value"), None);
            }
        )+};
    }

    round_trip! {
        system_kind: SystemKind = ["mes", "erp", "wms", "qms", "plm", "scada", "supplier_portal", "ledger", "integration", "other"];
        hosting: Hosting = ["on_prem", "cloud", "saas"];
        connectivity: Connectivity = ["reliable", "intermittent"];
        delivery: Delivery = ["real_time", "near_real_time", "batch"];
        auth_scheme: AuthScheme = ["oauth2", "api_key", "none"];
        oauth_flow: OAuthFlow = ["client_credentials"];
        http_method: HttpMethod = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
        pagination: Pagination = ["cursor", "offset", "page"];
        requirement: Requirement = ["idempotency", "audit", "dead_letter", "timeout", "key"];
        sla_metric: SlaMetric = ["latency", "freshness"];
        pii_mode: PiiMode = ["within_domain", "allowed"];
        naming_subject: NamingSubject = ["events", "apis", "operations", "fields", "types", "systems", "workflows"];
        naming_style: NamingStyle = ["PascalCase", "camelCase", "snake_case", "UPPER_SNAKE"];
        compatibility_mode: CompatibilityMode = ["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"];
    }

    #[test]
    fn modes_parse_loosely_and_name_one_way_checks() {
        assert_eq!(
            CompatibilityMode::parse_loose(" forward-transitive "),
            Some(CompatibilityMode::ForwardTransitive)
        );
        assert_eq!(CompatibilityMode::parse_loose("sideways"), None);
        assert_eq!(
            CompatibilityMode::one_way(true, true).as_str(),
            "BACKWARD_TRANSITIVE"
        );
        assert_eq!(CompatibilityMode::one_way(false, false).as_str(), "FORWARD");
    }

    #[test]
    fn json_keeps_the_spellings() {
        let json = serde_json::to_string(&(
            SystemKind::SupplierPortal,
            NamingStyle::CamelCase,
            HttpMethod::Get,
        ))
        .unwrap_or_default();
        assert_eq!(json, r#"["supplier_portal","camelCase","GET"]"#);
        let mode =
            serde_json::to_string(&CompatibilityMode::BackwardTransitive).unwrap_or_default();
        assert_eq!(mode, r#""BackwardTransitive""#);
    }

    const LANGUAGE: &str = include_str!("../../../docs/language.md");

    /// The backquoted words of the table row of `docs/language.md` whose
    /// first cell is `` `clause` ``, after that cell.
    fn documented(clause: &str) -> Vec<String> {
        let start = format!("| `{clause}` |");
        let row = LANGUAGE
            .lines()
            .find(|line| line.starts_with(&start))
            .unwrap_or_default();
        row.get(start.len()..)
            .unwrap_or_default()
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    /// The words after `prefix` in the first cells of the rows that start
    /// with `` | `prefix ``.
    fn documented_rows(prefix: &str) -> Vec<String> {
        let start = format!("| `{prefix}");
        LANGUAGE
            .lines()
            .filter_map(|line| line.strip_prefix(&start))
            .filter_map(|rest| rest.split(['`', ' ']).next())
            // One capital letter is a placeholder (`sla D`), not a spelling.
            .filter(|word| word.chars().count() > 1)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_docs_list_every_spelling() {
        assert_eq!(documented("kind K"), SystemKind::SPELLINGS);
        assert_eq!(documented("hosting H"), Hosting::SPELLINGS);
        assert_eq!(documented("connectivity C"), Connectivity::SPELLINGS);
        assert_eq!(documented("delivery D"), Delivery::SPELLINGS);
        assert_eq!(documented_rows("require "), Requirement::SPELLINGS);
        assert_eq!(documented_rows("sla "), SlaMetric::SPELLINGS);
        assert_eq!(documented_rows("pii "), PiiMode::SPELLINGS);
        assert_eq!(documented_rows("auth "), AuthScheme::SPELLINGS);
        let modes: Vec<String> = documented_rows("")
            .into_iter()
            .filter(|word| CompatibilityMode::parse(word).is_some())
            .collect();
        assert_eq!(modes, CompatibilityMode::SPELLINGS);
    }

    #[test]
    fn the_grammar_accepts_every_http_method() {
        let grammar = include_str!("../../../language/syntax/src/grammar.pest");
        let rule = grammar
            .lines()
            .find(|line| line.starts_with("http_method"))
            .unwrap_or_default();
        for method in HttpMethod::SPELLINGS {
            assert!(
                rule.contains(&format!("\"{method}\"")),
                "{method} is not in {rule}"
            );
        }
        assert_eq!(rule.matches('"').count(), 2 * HttpMethod::SPELLINGS.len());
    }
}
