//! `textDocument/completion` by context, read from the text before the
//! cursor and the model:
//! - after `name.` in a workflow: the fields of the variable's type
//!   (through nested fields), or an enum's symbols, an API's operations, a
//!   package's names;
//! - after an event's name: its versions (`v1`, `v2`);
//! - inside `Api.op(`: the operation's arguments;
//! - elsewhere: the keywords valid in the enclosing declaration (or the
//!   declaration keywords at column 0), the names in scope, and names of
//!   other packages with an edit that adds the `use` line.

use super::at;
use crate::analysis::{decl_name, declarations, record_fields, type_text, Analysis};
use crate::world::World;
use lsp_types::*;
use weft_base::FileId;
use weft_compiler::model::{DeclRef, Model, Type, TypeKind, Workflow};
use weft_syntax::keywords::{
    API_CLAUSES, DOMAIN_CLAUSES, ENTITY_CLAUSES, EVENT_CLAUSES, OPERATION_MEMBERS, POLICY_RULES,
    STEP_KEYWORDS, STEP_OPTIONS, SYSTEM_CLAUSES, TEST_MEMBERS, WORKFLOW_CLAUSES,
};
use weft_syntax::lexer::{tokenize, TokenKind};
use weft_syntax::syntax::DeclKind;

pub(crate) fn complete(world: &World, params: CompletionParams) -> Option<CompletionResponse> {
    let at = at(world, &params.text_document_position)?;
    let text = at.analysis.text(at.file)?.text;
    let before = text.get(..at.offset)?;
    let typed_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let head = &before[..before.len() - typed_len];
    let items = if let Some(path) = head.strip_suffix('.').map(dotted_tail) {
        after_dot(&at.analysis, at.file, head, &path)
    } else if let Some(items) = versions_after(&at.analysis, head) {
        items
    } else if let Some(items) = arguments(&at.analysis, at.file, head) {
        items
    } else {
        let mut items = keywords(text, head);
        items.extend(names(&at.analysis, at.file));
        items
    };
    Some(CompletionResponse::Array(items))
}

/// The dotted name that ends `head` (`change.order` of `x = change.order`).
fn dotted_tail(head: &str) -> Vec<String> {
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(head.len(), |(at, _)| at);
    head[start..]
        .split('.')
        .filter(|segment| !segment.is_empty())
        .map(str::to_string)
        .collect()
}

fn item(
    label: impl Into<String>,
    kind: CompletionItemKind,
    detail: Option<String>,
) -> CompletionItem {
    CompletionItem {
        label: label.into(),
        kind: Some(kind),
        detail,
        ..Default::default()
    }
}

fn after_dot(
    analysis: &Analysis,
    file: FileId,
    head: &str,
    path: &[String],
) -> Vec<CompletionItem> {
    let model = analysis.model();
    let Some((first, rest)) = path.split_first() else {
        return Vec::new();
    };
    // A workflow variable: walk its fields.
    if let Some(workflow) = enclosing_workflow(analysis, file, head) {
        if let Some(variable) = workflow.variables.iter().rev().find(|v| v.name == *first) {
            let mut ty = variable.ty.clone();
            for segment in rest {
                let Some(field) = fields_of(model, &ty)
                    .and_then(|fields| fields.iter().find(|field| field.name == *segment).cloned())
                else {
                    return Vec::new();
                };
                ty = field.ty;
            }
            return fields_of(model, &ty)
                .map(|fields| {
                    fields
                        .iter()
                        .map(|field| {
                            let mut found = item(
                                field.name.as_str(),
                                CompletionItemKind::FIELD,
                                Some(type_text(model, &field.ty)),
                            );
                            if !field.meta.doc.is_empty() {
                                found.documentation =
                                    Some(Documentation::String(field.meta.doc.clone()));
                            }
                            found
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
    }
    let dotted = path.join(".");
    // A declaration named by its last segment: an enum's symbols, an API's
    // operations.
    let named = visible(analysis, file)
        .into_iter()
        .find(|(name, _)| *name == dotted)
        .map(|(_, decl)| decl)
        .or_else(|| model.lookup(&dotted));
    match named {
        Some(DeclRef::Type(id)) => {
            if let Some(TypeKind::Enum { symbols, .. }) =
                model.types.get(id.index()).map(|d| &d.kind)
            {
                return symbols
                    .iter()
                    .map(|symbol| item(symbol.name.as_str(), CompletionItemKind::ENUM_MEMBER, None))
                    .collect();
            }
            Vec::new()
        }
        Some(DeclRef::Api(id)) => model
            .apis
            .get(id.index())
            .map(|api| {
                api.operations
                    .iter()
                    .map(|operation| {
                        item(
                            operation.name.as_str(),
                            CompletionItemKind::METHOD,
                            Some(format!("{} {}", operation.method, operation.path)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Some(_) => Vec::new(),
        // A package: the names declared in it.
        None => {
            let prefix = format!("{dotted}.");
            model
                .names
                .iter()
                .filter_map(|(qualified, decl)| {
                    let rest = qualified.strip_prefix(&prefix)?;
                    (!rest.contains('.')).then(|| item(rest, completion_kind(*decl), None))
                })
                .collect()
        }
    }
}

/// The fields of a record type (behind aliases and optionals).
fn fields_of<'m>(model: &'m Model, ty: &Type) -> Option<&'m Vec<weft_compiler::model::Field>> {
    match model.underlying(ty) {
        Type::Named(id) => record_fields(model, *id),
        _ => None,
    }
}

/// The workflow the cursor is in: the nearest `workflow Name` header above.
fn enclosing_workflow<'a>(
    analysis: &'a Analysis,
    file: FileId,
    head: &str,
) -> Option<&'a Workflow> {
    let (kind, name) = enclosing_declaration(head)?;
    if kind != DeclKind::Workflow {
        return None;
    }
    let package = &analysis.model().index.file(file)?.package;
    analysis
        .model()
        .workflows
        .iter()
        .find(|workflow| workflow.name.name == name && &workflow.name.package == package)
}

/// The kind and name of the declaration whose header is the nearest
/// column-0 declaration keyword above the cursor.
fn enclosing_declaration(head: &str) -> Option<(DeclKind, String)> {
    head.lines().rev().find_map(|line| {
        let mut words = line.split_whitespace();
        if line.starts_with(char::is_whitespace) {
            return None;
        }
        let kind = DeclKind::from_keyword(words.next()?)?;
        let name = words.next().unwrap_or("").trim_end_matches('{').to_string();
        Some((kind, name))
    })
}

/// After an event's name (`consumes OrderPlaced `): its versions.
fn versions_after(analysis: &Analysis, head: &str) -> Option<Vec<CompletionItem>> {
    if !head.ends_with([' ', '\t']) {
        return None;
    }
    let word = dotted_tail(head.trim_end()).join(".");
    let model = analysis.model();
    let event = model
        .events
        .iter()
        .find(|event| event.name.name == word || event.name.qualified() == word)?;
    Some(
        event
            .versions
            .iter()
            .map(|version| {
                item(
                    format!("v{}", version.number),
                    CompletionItemKind::ENUM_MEMBER,
                    Some(format!("{} v{}", event.name.name, version.number)),
                )
            })
            .collect(),
    )
}

/// Inside `Api.op(` (not yet closed): the operation's parameters and body.
fn arguments(analysis: &Analysis, file: FileId, head: &str) -> Option<Vec<CompletionItem>> {
    let line_start = head.rfind('\n').map_or(0, |at| at + 1);
    // Arguments may span lines: look back to the step's line at most a few
    // lines, to the last unclosed `(`.
    let window_start = head[..line_start]
        .match_indices('\n')
        .rev()
        .nth(8)
        .map_or(0, |(at, _)| at + 1);
    let window = &head[window_start..];
    let mut depth = 0i32;
    let mut open = None;
    for token in tokenize(window).iter().rev() {
        match token.kind {
            TokenKind::RightParen => depth += 1,
            TokenKind::LeftParen if depth == 0 => {
                open = Some(token.start);
                break;
            }
            TokenKind::LeftParen => depth -= 1,
            _ => {}
        }
    }
    let callee = dotted_tail(&window[..open? as usize]);
    let (api_name, operation_name) = match callee.as_slice() {
        [.., api, operation] => (api.clone(), operation.clone()),
        _ => return None,
    };
    let model = analysis.model();
    let api = visible(analysis, file)
        .into_iter()
        .find_map(|(name, decl)| match decl {
            DeclRef::Api(id) if name == api_name => model.apis.get(id.index()),
            _ => None,
        })
        .or_else(|| model.apis.iter().find(|api| api.name.name == api_name))?;
    let operation = api.operations.iter().find(|op| op.name == operation_name)?;
    let mut items: Vec<CompletionItem> = operation
        .params
        .iter()
        .map(|param| {
            let mut found = item(
                format!("{}:", param.field.name),
                CompletionItemKind::FIELD,
                Some(type_text(model, &param.field.ty)),
            );
            found.insert_text = Some(format!("{}: ", param.field.name));
            found
        })
        .collect();
    if let Some(body) = &operation.body {
        let mut found = item(
            "body:",
            CompletionItemKind::FIELD,
            Some(type_text(model, body)),
        );
        found.insert_text = Some("body: ".into());
        items.push(found);
    }
    Some(items)
}

/// Member keywords of each declaration, at its top level and nested: the
/// lists the parser also names a misspelt keyword from.
fn member_keywords(kind: DeclKind, nested: bool) -> Vec<&'static str> {
    let lists: &[&[&'static str]] = match (kind, nested) {
        (DeclKind::Domain, _) => &[DOMAIN_CLAUSES],
        (DeclKind::System, _) => &[SYSTEM_CLAUSES],
        (DeclKind::Entity, _) => &[ENTITY_CLAUSES, &["reserved"]],
        (DeclKind::Record, _) | (DeclKind::Event, true) => &[&["reserved"]],
        (DeclKind::Event, false) => &[EVENT_CLAUSES],
        (DeclKind::Api, false) => &[API_CLAUSES],
        (DeclKind::Api, true) => &[OPERATION_MEMBERS],
        (DeclKind::Policy, _) => &[POLICY_RULES],
        (DeclKind::Workflow, false) => &[WORKFLOW_CLAUSES, STEP_KEYWORDS],
        (DeclKind::Workflow, true) => &[
            STEP_KEYWORDS,
            &["when", "otherwise", "branch"],
            STEP_OPTIONS,
        ],
        (DeclKind::Test, _) => &[TEST_MEMBERS],
        (DeclKind::TypeAlias, _) => &[&["pattern", "length", "range"]],
        (DeclKind::Enum | DeclKind::Package | DeclKind::Use, _) => &[],
    };
    let mut words: Vec<&'static str> = Vec::new();
    for word in lists.iter().copied().flatten() {
        // `compensate` is both a step and a step option.
        if !words.contains(word) {
            words.push(word);
        }
    }
    words
}

fn keywords(text: &str, head: &str) -> Vec<CompletionItem> {
    let line = &head[head.rfind('\n').map_or(0, |at| at + 1)..];
    let words: Vec<&str> = if line.is_empty() {
        DeclKind::ALL.iter().map(|kind| kind.keyword()).collect()
    } else if line.trim().is_empty() {
        match enclosing_declaration(head) {
            Some((kind, _)) => {
                let start = head
                    .rfind(&format!("\n{}", kind.keyword()))
                    .map_or(0, |at| at + 1);
                member_keywords(kind, brace_depth(&text[start..head.len()]) > 1)
            }
            None => DeclKind::ALL.iter().map(|kind| kind.keyword()).collect(),
        }
    } else {
        Vec::new()
    };
    words
        .into_iter()
        .map(|word| item(word, CompletionItemKind::KEYWORD, None))
        .collect()
}

fn brace_depth(text: &str) -> i32 {
    tokenize(text)
        .iter()
        .fold(0, |depth, token| match token.kind {
            TokenKind::LeftBrace => depth + 1,
            TokenKind::RightBrace => depth - 1,
            _ => depth,
        })
}

/// The names a file can write without a package, with what they name.
fn visible(analysis: &Analysis, file: FileId) -> Vec<(String, DeclRef)> {
    let model = analysis.model();
    let Some(index) = model.index.file(file) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for decl in declarations(model) {
        let Some(name) = decl_name(model, decl) else {
            continue;
        };
        let qualified = name.qualified();
        let imported = index
            .imports
            .iter()
            .any(|import| import.text == qualified || import.text == name.package);
        if name.package == index.package || imported {
            found.push((name.name.to_string(), decl));
        }
    }
    found
}

fn names(analysis: &Analysis, file: FileId) -> Vec<CompletionItem> {
    let model = analysis.model();
    let Some(index) = model.index.file(file) else {
        return Vec::new();
    };
    let visible = visible(analysis, file);
    let mut items: Vec<CompletionItem> = visible
        .iter()
        .map(|(name, decl)| item(name, completion_kind(*decl), Some(decl.kind_name().into())))
        .collect();
    let use_at = use_position(analysis, file);
    for decl in declarations(model) {
        let Some(name) = decl_name(model, decl) else {
            continue;
        };
        if name.package == index.package
            || visible.iter().any(|(_, seen)| *seen == decl)
            || matches!(decl, DeclRef::Test(_))
        {
            continue;
        }
        let qualified = name.qualified();
        let mut found = item(
            name.name.as_str(),
            completion_kind(decl),
            Some(format!("{} (adds `use {qualified}`)", decl.kind_name())),
        );
        if let Some(position) = use_at {
            found.additional_text_edits = Some(vec![TextEdit::new(
                Range::new(position, position),
                format!("use {qualified}\n"),
            )]);
        }
        found.sort_text = Some(format!("~{}", name.name));
        items.push(found);
    }
    items
}

/// Where a new `use` line goes: after the last `use` line, else after the
/// `package` line, else at the top.
fn use_position(analysis: &Analysis, file: FileId) -> Option<Position> {
    let text = analysis.text(file)?;
    let parsed = analysis
        .result
        .parsed
        .iter()
        .find(|parsed| parsed.file == file)?;
    let last = parsed
        .items
        .iter()
        .filter(|item| {
            matches!(
                item.kind,
                weft_syntax::syntax::ItemKind::Use(_) | weft_syntax::syntax::ItemKind::Package(_)
            )
        })
        .map(|item| item.span.end as usize)
        .max();
    Some(match last {
        Some(end) => {
            let line = text.position(end).line;
            Position::new(line + 1, 0)
        }
        None => Position::new(0, 0),
    })
}

fn completion_kind(decl: DeclRef) -> CompletionItemKind {
    match decl {
        DeclRef::Domain(_) => CompletionItemKind::MODULE,
        DeclRef::System(_) => CompletionItemKind::CLASS,
        DeclRef::Type(_) => CompletionItemKind::STRUCT,
        DeclRef::Entity(_) => CompletionItemKind::STRUCT,
        DeclRef::Event(_) => CompletionItemKind::EVENT,
        DeclRef::Api(_) => CompletionItemKind::INTERFACE,
        DeclRef::Policy(_) => CompletionItemKind::PROPERTY,
        DeclRef::Workflow(_) | DeclRef::Test(_) => CompletionItemKind::FUNCTION,
    }
}
