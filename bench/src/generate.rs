//! A deterministic generator of synthetic weft projects of any size.
//!
//! [`generate`] writes a project of exactly [`Config::declarations`]
//! declarations (not counting `package` and `use` lines) in memory. The same
//! configuration always gives byte-identical files: the only randomness is a
//! seeded xorshift generator ([`XorShift`]).
//!
//! The project is meant to pass a strict checker, not only the parser:
//!
//! - **Domains.** About one per [`Config::per_domain`] declarations. Domain
//!   `k` lives in package `gen.<domain>` (landscape and data) and
//!   `gen.<domain>.flows` (workflows). Each has a policy of its own, applied
//!   to it, three application systems and one integration system (the hub).
//! - **Clusters.** The bulk of a domain is clusters of nine declarations
//!   around one business object `X`: an id alias `XId`, an enum `XStatus`
//!   (with `@fallback`), a record `XUpdate` (primitive, stdlib and own field
//!   types, optional fields, defaults, constraints, annotations), the entity
//!   `X` owned by an application system, the events `XChanged` (1 to 3
//!   versions, each adding a field with a default) and `XConfirmed` produced
//!   by the owner, the API `XService` hosted by the owner (reads, idempotent
//!   and audited writes of `X`, errors), the event `XSynced` produced by the
//!   hub, and the workflow `SyncX` hosted by the hub (trigger event, calls
//!   with timeouts, a choice, emits of `XSynced`, a wait with a timeout and an
//!   `on timeout` route, compensation of the write).
//! - **Producers and consumers.** Every event has exactly one producer and
//!   is consumed (`consumes Event vN`) by at least one other system: the hub
//!   reads what its workflows trigger on and wait for, another application
//!   system reads `XChanged` at its first version, the owner reads
//!   `XSynced`, and systems of domain `k + 1` read some events of domain `k`
//!   (so domains depend on earlier domains only, never in a cycle).
//! - **Names** are unique across the whole project, every name a file uses
//!   from another package is imported, and no import is unused.
//! - **Layout** is canonical: `weft fmt` leaves every file unchanged.
//!
//! Padding declarations (aliases, records, enums) make the count exact.

use std::collections::BTreeSet;

/// The widest line the formatter keeps a bracketed list on.
const MAX_WIDTH: usize = 100;
/// Declarations every domain has besides its clusters: the domain, its
/// policy, three application systems and the hub.
const FIXED_PER_DOMAIN: usize = 6;
/// Declarations per cluster.
const PER_CLUSTER: usize = 9;
/// Of those, how many go into a data file (the workflow goes elsewhere).
const DATA_PER_CLUSTER: usize = PER_CLUSTER - 1;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// How many declarations (domains, systems, types, records, enums,
    /// entities, events, APIs, policies, workflows); `package` and `use`
    /// lines are not counted. Very small numbers are rounded up to one
    /// domain with one cluster (15 declarations).
    pub declarations: usize,
    /// The seed of the pseudo-random choices.
    pub seed: u64,
    /// Roughly how many declarations share a domain.
    pub per_domain: usize,
    /// Roughly how many declarations share a file.
    pub per_file: usize,
}

impl Config {
    /// The standard shape: 500 declarations per domain, 50 per file.
    pub fn new(declarations: usize) -> Config {
        Config {
            declarations,
            seed: 0x5EED_F00D,
            per_domain: 500,
            per_file: 50,
        }
    }
}

/// One generated file.
#[derive(Clone, Debug)]
pub struct GeneratedFile {
    /// The path inside the project, with `/` separators.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A generated project: `weft.toml` and the `.weft` files.
#[derive(Clone, Debug)]
pub struct Project {
    /// Every file, the manifest first.
    pub files: Vec<GeneratedFile>,
    /// How many declarations the `.weft` files hold (see [`Config::declarations`]).
    pub declarations: usize,
    /// How many domains.
    pub domains: usize,
    /// How many workflows.
    pub workflows: usize,
}

impl Project {
    /// The `.weft` files only.
    pub fn weft_files(&self) -> impl Iterator<Item = &GeneratedFile> {
        self.files
            .iter()
            .filter(|file| file.path.ends_with(".weft"))
    }

    /// Total size of the `.weft` files in bytes.
    pub fn weft_bytes(&self) -> usize {
        self.weft_files().map(|file| file.text.len()).sum()
    }

    /// Total number of lines of the `.weft` files.
    pub fn weft_lines(&self) -> usize {
        self.weft_files()
            .map(|file| file.text.lines().count())
            .sum()
    }
}

/// A small xorshift64 generator: deterministic, dependency-free, and good
/// enough to vary a benchmark's input.
#[derive(Clone, Debug)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (any value, zero included). The seed is
    /// scrambled with splitmix64 so that nearby seeds give unrelated streams.
    pub fn new(seed: u64) -> XorShift {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // xorshift must not start from zero.
        XorShift(if z == 0 { 0x9E37_79B9_7F4A_7C15 } else { z })
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..bound` (0 if `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        // Truncation is fine: the value is reduced modulo `bound` anyway.
        (self.next_u64() % bound as u64) as usize
    }

    /// True with probability `numerator / denominator`.
    pub fn chance(&mut self, numerator: usize, denominator: usize) -> bool {
        self.below(denominator) < numerator
    }

    /// One element of a non-empty slice (panics on an empty one).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const DOMAIN_WORDS: [&str; 10] = [
    "production",
    "procurement",
    "logistics",
    "finance",
    "quality",
    "maintenance",
    "engineering",
    "sales",
    "planning",
    "warehouse",
];

/// (name prefix, kind, hosting, connectivity) of application systems.
const SYSTEM_KINDS: [(&str, &str, &str, &str); 8] = [
    ("erp", "erp", "cloud", "reliable"),
    ("mes", "mes", "on_prem", "intermittent"),
    ("wms", "wms", "on_prem", "reliable"),
    ("qms", "qms", "saas", "reliable"),
    ("plm", "plm", "cloud", "reliable"),
    ("scada", "scada", "on_prem", "intermittent"),
    ("ledger", "ledger", "saas", "reliable"),
    ("portal", "supplier_portal", "saas", "reliable"),
];

const NOUNS: [&str; 20] = [
    "Coil",
    "Pallet",
    "Batch",
    "Shipment",
    "Invoice",
    "Tool",
    "Fixture",
    "Mould",
    "Sensor",
    "Recipe",
    "Routing",
    "Lot",
    "Container",
    "Delivery",
    "Inspection",
    "Permit",
    "Contract",
    "Forecast",
    "Asset",
    "Drawing",
];

const EXTRA_SYMBOLS: [&str; 5] = ["ON_HOLD", "IN_REVIEW", "RELEASED", "ARCHIVED", "SCRAPPED"];

/// The fields `XChanged` adds in versions 2 and 3, each with a default so
/// that every compatibility mode accepts the new version.
const ADDED_FIELDS: [&str; 2] = ["priority: int32 range 1..5 = 3", "urgent: bool = false"];

/// One business object and its declarations, decided before any text is
/// written so that the landscape can list the right `consumes` clauses.
#[derive(Clone, Debug)]
struct Cluster {
    /// `Coil42`: the entity's name and the stem of every other name.
    name: String,
    /// `coil42`: the stem in snake case.
    lower: String,
    /// The word the docs use: `coil`.
    word: String,
    /// `a` or `an`, for `word`.
    article: &'static str,
    /// Index of the owning application system in its domain.
    owner: usize,
    /// How many versions `XChanged` has (1 to 3).
    versions: usize,
    /// Whether `XConfirmed v1` is the entity itself (`version 1 = X`).
    confirmed_is_entity: bool,
    /// Whether the entity is keyed by plant and id rather than id alone.
    composite_key: bool,
    /// Whether the API has a paginated list operation.
    has_list: bool,
    /// The id alias of an earlier cluster of the package, used as a field type.
    related: Option<String>,
    /// Extra enum symbols.
    extra_symbols: Vec<&'static str>,
    /// Whether the flows file imports the service under another name.
    service_alias: bool,
}

impl Cluster {
    fn id_type(&self) -> String {
        format!("{}Id", self.name)
    }
    fn status(&self) -> String {
        format!("{}Status", self.name)
    }
    fn update(&self) -> String {
        format!("{}Update", self.name)
    }
    fn changed(&self) -> String {
        format!("{}Changed", self.name)
    }
    fn confirmed(&self) -> String {
        format!("{}Confirmed", self.name)
    }
    fn synced(&self) -> String {
        format!("{}Synced", self.name)
    }
    fn service(&self) -> String {
        format!("{}Service", self.name)
    }
    /// The name the flows file knows the service by.
    fn service_local(&self) -> String {
        if self.service_alias {
            format!("{}Api", self.name)
        } else {
            self.service()
        }
    }
    fn workflow(&self) -> String {
        format!("Sync{}", self.name)
    }
}

/// A `consumes` clause of a system in a later domain.
#[derive(Clone, Debug)]
struct ForeignConsumption {
    /// The consuming application system's index in its domain.
    system: usize,
    /// The event's name.
    event: String,
    /// The version read.
    version: usize,
}

#[derive(Clone, Debug)]
struct Domain {
    /// `production_1`.
    name: String,
    /// `Production 1`, for docs.
    title: String,
    /// Application systems: (name, kind, hosting, connectivity).
    systems: Vec<(String, &'static str, &'static str, &'static str)>,
    /// The hub's name.
    hub: String,
    clusters: Vec<Cluster>,
    /// How many padding declarations.
    padding: usize,
    /// Whether the domain also applies `std.plant_event`.
    plant_event: bool,
    /// Events of the previous domain read by this domain's systems.
    foreign: Vec<ForeignConsumption>,
}

impl Domain {
    fn package(&self) -> String {
        format!("gen.{}", self.name)
    }
    fn policy(&self) -> String {
        format!("{}_rules", self.name)
    }
}

/// Generates a project. Deterministic: the same `config` gives the same files.
pub fn generate(config: &Config) -> Project {
    let mut rng = XorShift::new(config.seed);
    let domains = plan(config, &mut rng);
    let mut files = vec![GeneratedFile {
        path: "weft.toml".to_string(),
        text: concat!(
            "[project]\n",
            "name = \"generated\"\n",
            "version = \"0.1.0\"\n",
            "compatibility = \"BACKWARD_TRANSITIVE\"\n",
            // One CloudFormation template per hub: the project's workflows
            // in one template would pass CloudFormation's 500 resources
            // (E857); a hub's take about 220.
            "\n[targets.statemachine]\n",
            "per = \"host\"\n",
        )
        .to_string(),
    }];
    let mut declarations = 0;
    let mut workflows = 0;
    let mut padding_counter = 0;
    let per_file = config.per_file.max(PER_CLUSTER);
    for (index, domain) in domains.iter().enumerate() {
        let previous = index
            .checked_sub(1)
            .and_then(|previous| domains.get(previous));
        files.push(landscape_file(domain, previous));
        declarations += FIXED_PER_DOMAIN;

        let clusters_per_file = (per_file / DATA_PER_CLUSTER).max(1);
        let chunks: Vec<&[Cluster]> = domain.clusters.chunks(clusters_per_file).collect();
        for (part, chunk) in chunks.iter().enumerate() {
            let padding = if part + 1 == chunks.len() {
                domain.padding
            } else {
                0
            };
            files.push(data_file(
                domain,
                part + 1,
                chunk,
                padding,
                &mut padding_counter,
                &mut rng,
            ));
            declarations += chunk.len() * DATA_PER_CLUSTER + padding;
        }

        let flow_files = domain.clusters.len().div_ceil(per_file).max(1);
        let per_flow_file = domain.clusters.len().div_ceil(flow_files).max(1);
        for (part, chunk) in domain.clusters.chunks(per_flow_file).enumerate() {
            files.push(flows_file(domain, part + 1, chunk, &mut rng));
            declarations += chunk.len();
            workflows += chunk.len();
        }
    }
    Project {
        files,
        declarations,
        domains: domains.len(),
        workflows,
    }
}

/// Decides the domains, their systems and clusters, and who consumes what.
fn plan(config: &Config, rng: &mut XorShift) -> Vec<Domain> {
    let per_domain = config.per_domain.max(FIXED_PER_DOMAIN + PER_CLUSTER);
    let minimum = FIXED_PER_DOMAIN + PER_CLUSTER;
    let total = config.declarations.max(minimum);
    let domain_count = ((total + per_domain / 2) / per_domain).clamp(1, total / minimum);
    let mut domains: Vec<Domain> = Vec::with_capacity(domain_count);
    let mut cluster_counter = 0;
    for index in 0..domain_count {
        let budget = total / domain_count + usize::from(index < total % domain_count);
        let body = budget - FIXED_PER_DOMAIN;
        let cluster_count = body / PER_CLUSTER;
        let padding = body % PER_CLUSTER;
        let number = index + 1;
        let word = DOMAIN_WORDS[index % DOMAIN_WORDS.len()];
        let name = format!("{word}_{number}");
        let title = format!("{}{} {number}", word[..1].to_uppercase(), &word[1..]);
        let systems = (0..3)
            .map(|slot| {
                let (prefix, kind, hosting, connectivity) =
                    SYSTEM_KINDS[(index + slot * 3) % SYSTEM_KINDS.len()];
                (format!("{prefix}_{number}"), kind, hosting, connectivity)
            })
            .collect();
        let mut clusters: Vec<Cluster> = Vec::with_capacity(cluster_count);
        for slot in 0..cluster_count {
            cluster_counter += 1;
            let noun = NOUNS[(cluster_counter * 7 + index) % NOUNS.len()];
            let name = format!("{noun}{cluster_counter}");
            let lower = name.to_lowercase();
            let mut extra_symbols: Vec<&'static str> = Vec::new();
            for symbol in EXTRA_SYMBOLS {
                if rng.chance(1, 3) {
                    extra_symbols.push(symbol);
                }
            }
            let related = match slot {
                0 => None,
                _ => clusters.get(rng.below(slot)).map(Cluster::id_type),
            };
            clusters.push(Cluster {
                word: noun.to_lowercase(),
                article: if noun.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                },
                lower,
                name,
                owner: slot % 3,
                versions: 1 + rng.below(3),
                confirmed_is_entity: rng.chance(1, 2),
                composite_key: rng.chance(1, 5),
                has_list: rng.chance(1, 2),
                related,
                extra_symbols,
                service_alias: rng.chance(1, 7),
            });
        }
        domains.push(Domain {
            name,
            title,
            systems,
            hub: format!("hub_{number}"),
            clusters,
            padding,
            plant_event: index % 2 == 0,
            foreign: Vec::new(),
        });
    }
    // Systems of domain k + 1 read about a quarter of domain k's events.
    for index in 1..domains.len() {
        let mut foreign = Vec::new();
        for (slot, cluster) in domains[index - 1].clusters.iter().enumerate() {
            if slot % 4 != 0 {
                continue;
            }
            let system = rng.below(3);
            if rng.chance(1, 2) {
                foreign.push(ForeignConsumption {
                    system,
                    event: cluster.changed(),
                    version: 1 + rng.below(cluster.versions),
                });
            } else {
                foreign.push(ForeignConsumption {
                    system,
                    event: cluster.synced(),
                    version: 1,
                });
            }
        }
        domains[index].foreign = foreign;
    }
    domains
}

/// Text built line by line with two-space indentation.
#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, indent: usize, text: &str) {
        if !text.is_empty() {
            for _ in 0..indent {
                self.text.push_str("  ");
            }
            self.text.push_str(text);
        }
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    /// A `///` doc comment.
    fn doc(&mut self, indent: usize, text: &str) {
        self.line(indent, &format!("/// {text}"));
    }

    /// `use path.{a, b}` on one line if it fits, else one name per line.
    fn use_names(&mut self, path: &str, names: &[String]) {
        match names {
            [] => {}
            [single] if !single.contains(' ') => self.line(0, &format!("use {path}.{single}")),
            _ => {
                let one_line = format!("use {path}.{{{}}}", names.join(", "));
                if one_line.chars().count() <= MAX_WIDTH {
                    self.line(0, &one_line);
                } else {
                    self.line(0, &format!("use {path}.{{"));
                    for name in names {
                        self.line(1, &format!("{name},"));
                    }
                    self.line(0, "}");
                }
            }
        }
    }

    /// `head(args)tail`, laid out as the formatter does: on one line if it
    /// fits, else one argument per line with a trailing comma (and each
    /// record argument gets the same choice).
    fn call(&mut self, indent: usize, head: &str, args: &[(&str, Arg)], tail: &str) {
        let flat: Vec<String> = args.iter().map(|(name, arg)| named(name, arg)).collect();
        let one_line = format!("{head}({}){tail}", flat.join(", "));
        if indent * 2 + one_line.chars().count() <= MAX_WIDTH {
            self.line(indent, &one_line);
            return;
        }
        self.line(indent, &format!("{head}("));
        for (name, arg) in args {
            self.entry(indent + 1, name, arg);
        }
        self.line(indent, &format!("){tail}"));
    }

    fn entry(&mut self, indent: usize, name: &str, arg: &Arg) {
        let one_line = format!("{},", named(name, arg));
        match arg {
            Arg::Record(fields) if indent * 2 + one_line.chars().count() > MAX_WIDTH => {
                self.line(indent, &format!("{name}: {{"));
                for (field, value) in fields {
                    self.entry(indent + 1, field, value);
                }
                self.line(indent, "},");
            }
            _ => self.line(indent, &one_line),
        }
    }
}

/// An argument value: flat text or a record literal.
enum Arg {
    Flat(String),
    Record(Vec<(&'static str, Arg)>),
}

fn flat(arg: &Arg) -> String {
    match arg {
        Arg::Flat(text) => text.clone(),
        Arg::Record(fields) if fields.is_empty() => "{}".to_string(),
        Arg::Record(fields) => {
            let entries: Vec<String> = fields
                .iter()
                .map(|(name, value)| named(name, value))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
    }
}

fn named(name: &str, arg: &Arg) -> String {
    format!("{name}: {}", flat(arg))
}

fn text(value: impl Into<String>) -> Arg {
    Arg::Flat(value.into())
}

/// Joins declarations with one blank line between them.
struct File {
    out: Out,
    first: bool,
}

impl File {
    fn new(doc: &str, package: &str) -> File {
        let mut out = Out::default();
        out.doc(0, doc);
        out.line(0, &format!("package {package}"));
        File { out, first: false }
    }

    /// Starts the next declaration (after the package and the `use` lines).
    fn next(&mut self) -> &mut Out {
        if !self.first {
            self.out.blank();
        }
        self.first = false;
        &mut self.out
    }

    fn finish(self, path: String) -> GeneratedFile {
        GeneratedFile {
            path,
            text: self.out.text,
        }
    }
}

/// `<domain>/landscape.weft`: the policy, the domain and its systems.
fn landscape_file(domain: &Domain, previous: Option<&Domain>) -> GeneratedFile {
    let mut file = File::new(
        &format!(
            "{}: the domain, its house rules and its systems.",
            domain.title
        ),
        &domain.package(),
    );
    if let Some(previous) = previous {
        if !domain.foreign.is_empty() {
            let names: BTreeSet<&str> = domain.foreign.iter().map(|f| f.event.as_str()).collect();
            let names: Vec<String> = names.into_iter().map(str::to_string).collect();
            file.out.blank();
            file.out.use_names(&previous.package(), &names);
        }
    }

    let out = file.next();
    out.doc(0, &format!("House rules of {}.", domain.name));
    out.line(0, &format!("policy {} {{", domain.policy()));
    out.line(1, "require idempotency");
    out.line(1, "require dead_letter");
    out.line(1, "require key");
    out.line(1, "require timeout");
    out.line(1, "retry 3 every 1s backoff 2.0 max 30s");
    out.line(1, "timeout 30s");
    out.line(1, "naming events PascalCase");
    out.line(0, "}");

    let out = file.next();
    out.doc(
        0,
        &format!(
            "{}: one business area and the team that owns it.",
            domain.title
        ),
    );
    out.line(0, &format!("domain {} {{", domain.name));
    out.line(1, &format!("owner \"{} Team\"", domain.title));
    out.line(
        1,
        &format!(
            "contact \"{}@plant.example\"",
            domain.name.replace('_', "-")
        ),
    );
    out.line(1, &format!("apply {}", domain.policy()));
    if domain.plant_event {
        out.line(1, "apply std.plant_event");
    }
    out.line(0, "}");

    for (slot, (name, kind, hosting, connectivity)) in domain.systems.iter().enumerate() {
        let out = file.next();
        out.doc(
            0,
            &format!("An application of {}: a system of record.", domain.title),
        );
        out.line(0, &format!("system {name} {{"));
        out.line(1, &format!("domain {}", domain.name));
        out.line(1, &format!("kind {kind}"));
        out.line(1, &format!("hosting {hosting}"));
        out.line(1, &format!("connectivity {connectivity}"));
        out.line(1, "apply std.governed_api");
        for cluster in &domain.clusters {
            if cluster.owner == slot {
                out.line(1, &format!("consumes {} v1", cluster.synced()));
            }
            if (cluster.owner + 1) % 3 == slot {
                out.line(1, &format!("consumes {} v1", cluster.changed()));
            }
        }
        let mut first_foreign = true;
        for foreign in domain.foreign.iter().filter(|f| f.system == slot) {
            if first_foreign {
                out.line(1, "// Read from the previous domain.");
                first_foreign = false;
            }
            out.line(
                1,
                &format!("consumes {} v{}", foreign.event, foreign.version),
            );
        }
        out.line(0, "}");
    }

    let out = file.next();
    out.doc(
        0,
        &format!(
            "The integration hub of {}: runs its workflows.",
            domain.title
        ),
    );
    out.line(0, &format!("system {} {{", domain.hub));
    out.line(1, &format!("domain {}", domain.name));
    out.line(1, "kind integration");
    out.line(1, "hosting cloud");
    out.line(1, "connectivity reliable");
    for cluster in &domain.clusters {
        out.line(
            1,
            &format!("consumes {} v{}", cluster.changed(), cluster.versions),
        );
        out.line(1, &format!("consumes {} v1", cluster.confirmed()));
    }
    out.line(0, "}");

    file.finish(format!("{}/landscape.weft", domain.name))
}

/// Std names a data file uses, collected while writing it.
#[derive(Default)]
struct StdNames(BTreeSet<&'static str>);

impl StdNames {
    fn take(&mut self, name: &'static str) -> &'static str {
        self.0.insert(name);
        name
    }
}

/// `<domain>/data_NN.weft`: the data, events and APIs of some clusters.
fn data_file(
    domain: &Domain,
    part: usize,
    clusters: &[Cluster],
    padding: usize,
    padding_counter: &mut usize,
    rng: &mut XorShift,
) -> GeneratedFile {
    let mut std = StdNames::default();
    let mut body = File {
        out: Out::default(),
        first: true,
    };
    for cluster in clusters {
        write_cluster(&mut body, domain, cluster, &mut std, rng);
    }
    for _ in 0..padding {
        *padding_counter += 1;
        write_padding(&mut body, *padding_counter, &mut std);
    }

    let words: Vec<&str> = clusters
        .iter()
        .map(|cluster| cluster.word.as_str())
        .collect();
    let mut file = File::new(
        &format!("{} data, part {part}: {}.", domain.title, words.join(", ")),
        &domain.package(),
    );
    if !std.0.is_empty() {
        file.out.blank();
        let names: Vec<String> = std.0.iter().map(|name| name.to_string()).collect();
        file.out.use_names("std", &names);
    }
    if !body.out.text.is_empty() {
        file.out.blank();
        file.out.text.push_str(&body.out.text);
    }
    file.finish(format!("{}/data_{part:02}.weft", domain.name))
}

fn write_cluster(
    file: &mut File,
    domain: &Domain,
    cluster: &Cluster,
    std: &mut StdNames,
    rng: &mut XorShift,
) {
    let (owner, ..) = &domain.systems[cluster.owner];
    let name = &cluster.name;
    let word = &cluster.word;
    let a = cluster.article;
    let initial = name[..1].to_string();

    // The id alias.
    let out = file.next();
    out.doc(
        0,
        &format!(
            "The number of {a} {word}, such as `{initial}{}`.",
            "0".repeat(7)
        ),
    );
    out.line(
        0,
        &format!(
            "type {} = string pattern \"^{initial}[0-9]{{7}}$\" length 8",
            cluster.id_type()
        ),
    );

    // The status enum.
    let out = file.next();
    out.doc(0, &format!("Where {a} {word} is in its life."));
    out.line(0, "@fallback(UNKNOWN)");
    out.line(0, &format!("enum {} {{", cluster.status()));
    out.doc(1, "In use.");
    out.line(1, "ACTIVE");
    out.line(1, "BLOCKED");
    for symbol in &cluster.extra_symbols {
        out.line(1, symbol);
    }
    if rng.chance(1, 3) {
        out.line(1, "@deprecated(\"use CLOSED\")");
        out.line(1, "DONE");
    }
    out.line(1, "CLOSED");
    out.doc(1, "Any status this reader does not know yet.");
    out.line(1, "UNKNOWN");
    out.line(0, "}");

    // The update record.
    let out = file.next();
    out.doc(0, &format!("The changes a client may make to {a} {word}."));
    out.line(0, &format!("record {} {{", cluster.update()));
    out.line(1, &format!("status: {} = ACTIVE", cluster.status()));
    out.doc(1, &format!("The plant that holds the {word}."));
    out.line(1, &format!("plant: {}", std.take("PlantId")));
    out.line(1, &format!("quantity: {}", std.take("Quantity")));
    out.line(1, &format!("amount: {}?", std.take("Money")));
    out.line(1, "note: string? length ..500");
    out.line(1, "priority: int32 range 1..5 = 3");
    if let Some(related) = &cluster.related {
        out.line(1, &format!("related: {related}?"));
    }
    out.line(1, "tags: list<string>? length ..10");
    if rng.chance(1, 3) {
        out.line(1, "@alias(\"remark\")");
        out.line(1, "comment: string?");
    }
    if rng.chance(1, 4) {
        out.line(1, "@deprecated(\"use note\")");
        out.line(1, "legacy_text: string?");
    }
    out.line(1, "updated_at: timestamp");
    if rng.chance(1, 4) {
        out.line(1, "reserved old_code, fax_number");
    }
    out.line(0, "}");

    // The entity.
    let out = file.next();
    out.doc(
        0,
        &format!("{} {word}, as `{owner}` keeps it.", capitalised(a)),
    );
    out.line(0, &format!("entity {name} {{"));
    out.line(1, &format!("owner {owner}"));
    if cluster.composite_key {
        out.line(1, "key plant, id");
    } else {
        out.line(1, "key id");
    }
    out.line(1, &format!("id: {}", cluster.id_type()));
    out.line(1, &format!("plant: {}", std.take("PlantId")));
    out.line(1, &format!("material: {}", std.take("MaterialId")));
    out.line(1, &format!("status: {} = ACTIVE", cluster.status()));
    out.line(1, &format!("quantity: {}", std.take("Quantity")));
    out.line(1, &format!("amount: {}", std.take("Money")));
    out.line(1, "weight: float64 range 0..");
    if rng.chance(1, 3) {
        out.line(1, &format!("supplier: {}?", std.take("SupplierId")));
    }
    if rng.chance(1, 3) {
        out.line(1, "@pii");
        out.line(1, "contact_email: string? length ..254");
    }
    out.line(1, "created_on: date");
    out.line(1, "changed_at: timestamp");
    out.line(0, "}");

    // XChanged, 1 to 3 versions.
    let out = file.next();
    out.doc(
        0,
        &format!("{} {word} changed in `{owner}`.", capitalised(a)),
    );
    out.line(0, &format!("event {} {{", cluster.changed()));
    out.line(1, &format!("producer {owner}"));
    out.line(1, &format!("about {name}"));
    out.line(1, "key id");
    if rng.chance(1, 3) {
        out.line(
            1,
            rng.pick(&["compatibility FULL_TRANSITIVE", "compatibility BACKWARD"]),
        );
    }
    out.line(1, "delivery near_real_time");
    out.line(
        1,
        rng.pick(&["retention 7d", "retention 30d", "retention 90d"]),
    );
    out.line(1, "dead_letter");
    for version in 1..=cluster.versions {
        out.blank();
        if version > 1 {
            out.doc(1, &format!("v{version} adds a field with a default."));
        }
        out.line(1, &format!("version {version} {{"));
        out.line(2, &format!("id: {}", cluster.id_type()));
        out.line(2, &format!("plant: {}", std.take("PlantId")));
        out.line(2, &format!("status: {}", cluster.status()));
        out.line(2, &format!("amount: {}", std.take("Money")));
        out.line(2, "changed_at: timestamp");
        for added in ADDED_FIELDS.iter().take(version - 1) {
            out.line(2, added);
        }
        out.line(1, "}");
    }
    out.line(0, "}");

    // XConfirmed.
    let out = file.next();
    out.doc(
        0,
        &format!("`{owner}` confirmed {a} {word} after a change."),
    );
    out.line(0, &format!("event {} {{", cluster.confirmed()));
    out.line(1, &format!("producer {owner}"));
    out.line(1, &format!("about {name}"));
    out.line(1, "key id");
    out.line(1, "delivery real_time");
    out.line(1, "retention 7d");
    out.line(1, "dead_letter");
    out.blank();
    if cluster.confirmed_is_entity {
        out.line(1, &format!("version 1 = {name}"));
    } else {
        out.line(1, "version 1 {");
        out.line(2, &format!("id: {}", cluster.id_type()));
        out.line(2, "confirmed_at: timestamp");
        out.line(2, "accepted: bool = true");
        out.line(1, "}");
    }
    out.line(0, "}");

    // The API.
    let path = format!("/{}s", cluster.lower);
    let out = file.next();
    out.doc(0, &format!("{}s, served by `{owner}`.", capitalised(word)));
    out.line(0, &format!("api {} {{", cluster.service()));
    out.line(1, &format!("host {owner}"));
    out.line(1, &format!("version 1.{}.0", rng.below(5)));
    out.line(1, &format!("base \"/{}\"", domain.name.replace('_', "-")));
    out.line(
        1,
        &format!(
            "auth oauth2 client_credentials scopes \"{0}.read\", \"{0}.write\"",
            cluster.lower
        ),
    );
    out.line(1, "apply std.governed_api");
    if cluster.has_list {
        out.blank();
        out.doc(1, &format!("Find {word}s, for example the blocked ones."));
        out.line(1, &format!("operation list{name}s GET \"{path}\" {{"));
        out.line(2, &format!("query status: {}?", cluster.status()));
        out.line(2, &format!("query plant: {}?", std.take("PlantId")));
        out.line(2, "query limit: int32 range 1..200 = 50");
        out.line(2, &format!("response 200 list<{name}>"));
        out.line(2, &format!("reads {name}"));
        out.line(2, "paginated cursor");
        out.line(1, "}");
    }
    out.blank();
    out.doc(1, &format!("One {word} by its number."));
    out.line(1, &format!("operation get{name} GET \"{path}/{{id}}\" {{"));
    out.line(2, &format!("path id: {}", cluster.id_type()));
    out.line(2, &format!("response 200 {name}"));
    out.line(
        2,
        &format!("error 404 NotFound \"No {word} with this number\""),
    );
    out.line(2, &format!("reads {name}"));
    out.line(1, "}");
    out.blank();
    out.doc(1, &format!("Change {a} {word}."));
    out.line(
        1,
        &format!("operation update{name} PUT \"{path}/{{id}}\" {{"),
    );
    out.line(2, &format!("path id: {}", cluster.id_type()));
    out.line(2, "header request_source: string?");
    out.line(2, &format!("body {}", cluster.update()));
    out.line(2, &format!("response 200 {name}"));
    out.line(
        2,
        &format!("error 404 NotFound \"No {word} with this number\""),
    );
    out.line(
        2,
        &format!("error 409 Conflict \"The {word} changed meanwhile\""),
    );
    out.line(2, &format!("writes {name}"));
    out.line(2, "idempotent");
    out.line(2, "audited");
    out.line(1, "}");
    out.blank();
    out.doc(1, &format!("Undo the last change of {a} {word}."));
    out.line(
        1,
        &format!("operation revert{name} POST \"{path}/{{id}}/revert\" {{"),
    );
    out.line(2, &format!("path id: {}", cluster.id_type()));
    out.line(2, "response 202 \"Accepted for processing\"");
    out.line(
        2,
        &format!("error 404 NotFound \"No {word} with this number\""),
    );
    out.line(2, &format!("writes {name}"));
    out.line(2, "idempotent");
    out.line(2, "audited");
    out.line(1, "}");
    out.line(0, "}");

    // XSynced, published by the hub.
    let out = file.next();
    out.doc(
        0,
        &format!("The hub brought {a} {word} change to `{owner}`."),
    );
    out.line(0, &format!("event {} {{", cluster.synced()));
    out.line(1, &format!("producer {}", domain.hub));
    out.line(1, "key id");
    out.line(1, "delivery batch");
    out.line(
        1,
        rng.pick(&["retention 30d", "retention 90d", "retention forever"]),
    );
    out.line(1, "dead_letter");
    out.blank();
    out.line(1, "version 1 {");
    out.line(2, &format!("id: {}", cluster.id_type()));
    out.doc(2, "`updated` or `skipped`.");
    out.line(2, "outcome: string length 1..64");
    out.line(2, "synced_at: timestamp?");
    out.line(1, "}");
    out.line(0, "}");
}

fn write_padding(file: &mut File, counter: usize, std: &mut StdNames) {
    let out = file.next();
    match counter % 3 {
        0 => {
            out.doc(0, "A score from 0 to 100 with two decimals.");
            out.line(
                0,
                &format!("type Score{counter} = decimal(5, 2) range 0..100"),
            );
        }
        1 => {
            out.doc(0, "A remark someone wrote down.");
            out.line(0, &format!("record Remark{counter} {{"));
            out.line(1, "author: string length 1..80");
            out.line(1, "written_at: timestamp");
            out.line(1, "text: string length ..2000");
            out.line(1, &format!("plant: {}?", std.take("PlantId")));
            out.line(1, "tags: map<string, string>");
            out.line(0, "}");
        }
        _ => {
            out.doc(0, "How a finding was classified.");
            out.line(0, &format!("enum Finding{counter} {{"));
            out.line(1, "MINOR");
            out.line(1, "MAJOR");
            out.line(1, "CRITICAL");
            out.line(0, "}");
        }
    }
}

/// `<domain>/flows_NN.weft`: the workflows of some clusters.
fn flows_file(
    domain: &Domain,
    part: usize,
    clusters: &[Cluster],
    rng: &mut XorShift,
) -> GeneratedFile {
    let package = domain.package();
    let mut file = File::new(
        &format!(
            "{} workflows, part {part}: the hub keeps owners in step.",
            domain.title
        ),
        &format!("{package}.flows"),
    );
    file.out.blank();
    file.out
        .use_names(&package, std::slice::from_ref(&domain.hub));
    for cluster in clusters {
        let service = if cluster.service_alias {
            format!("{} as {}", cluster.service(), cluster.service_local())
        } else {
            cluster.service()
        };
        let names = vec![
            cluster.changed(),
            cluster.confirmed(),
            service,
            cluster.synced(),
        ];
        file.out.use_names(&package, &names);
    }
    for cluster in clusters {
        write_workflow(&mut file, domain, cluster, rng);
    }
    file.finish(format!("{}/flows_{part:02}.weft", domain.name))
}

fn write_workflow(file: &mut File, domain: &Domain, cluster: &Cluster, rng: &mut XorShift) {
    let (owner, ..) = &domain.systems[cluster.owner];
    let word = &cluster.word;
    let name = &cluster.name;
    let code = name.to_uppercase();
    let service = cluster.service_local();
    let out = file.next();
    out.doc(
        0,
        &format!("Apply each {word} change at `{owner}` and wait for its confirmation."),
    );
    out.line(0, &format!("workflow {} {{", cluster.workflow()));
    out.line(1, &format!("host {}", domain.hub));
    out.line(
        1,
        &format!(
            "trigger event {} v{} as change",
            cluster.changed(),
            cluster.versions
        ),
    );
    out.line(1, "apply std.orchestrated");
    out.line(1, "sla 1d");
    out.blank();

    out.doc(1, &format!("What `{owner}` holds now."));
    out.call(
        1,
        &format!("call current = {service}.get{name}"),
        &[("id", text("change.id"))],
        " {",
    );
    out.line(2, "timeout 10s");
    out.line(2, "catch NotFound {");
    out.line(
        3,
        &format!("fail \"{code}_MISSING\" \"`{owner}` no longer knows this {word}.\""),
    );
    out.line(2, "}");
    out.line(1, "}");

    out.line(1, "choice route {");
    let condition = if cluster.versions >= 2 {
        "current.status == ACTIVE or change.priority > 3"
    } else {
        "current.status == ACTIVE"
    };
    out.line(2, &format!("when {condition} {{"));
    let body = Arg::Record(vec![
        ("plant", text("current.plant")),
        ("quantity", text("current.quantity")),
        ("updated_at", text("change.changed_at")),
    ]);
    out.call(
        3,
        &format!("call update = {service}.update{name}"),
        &[("id", text("change.id")), ("body", body)],
        " {",
    );
    out.line(4, "timeout 20s");
    if rng.chance(1, 2) {
        out.line(4, "retry 3 every 1s backoff 2.0");
    }
    out.line(4, "idempotency_key change.id");
    out.line(4, "catch Conflict {");
    out.line(
        5,
        &format!("fail \"{code}_CONFLICT\" \"`{owner}` rejected the change.\""),
    );
    out.line(4, "}");
    out.call(
        4,
        &format!("compensate with {service}.revert{name}"),
        &[("id", text("change.id"))],
        "",
    );
    out.line(3, "}");
    out.call(
        3,
        &format!("emit synced = {} v1", cluster.synced()),
        &[("id", text("change.id")), ("outcome", text("\"updated\""))],
        "",
    );
    out.line(2, "}");
    out.line(2, "otherwise {");
    out.call(
        3,
        &format!("emit skipped = {} v1", cluster.synced()),
        &[("id", text("change.id")), ("outcome", text("\"skipped\""))],
        "",
    );
    out.line(3, "succeed");
    out.line(2, "}");
    out.line(1, "}");

    out.line(
        1,
        &format!(
            "wait confirmation = {} v1 where confirmation.id == change.id {{",
            cluster.confirmed()
        ),
    );
    out.line(2, "timeout 4h");
    out.line(2, "on timeout {");
    out.line(3, "compensate");
    out.line(
        3,
        &format!("fail \"{code}_UNCONFIRMED\" \"`{owner}` did not confirm in time.\""),
    );
    out.line(2, "}");
    out.line(1, "}");
    out.line(1, "succeed");
    out.line(0, "}");
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
