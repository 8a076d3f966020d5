//! `textDocument/semanticTokens/full`: the lossless lexer gives keywords,
//! comments, strings and numbers; names take their kind from the site they
//! are (a system, an event, a field, a variable, ...).

use super::document;
use crate::analysis::Analysis;
use crate::world::World;
use lsp_types::*;
use std::collections::HashMap;
use weft_base::FileId;
use weft_compiler::model::{DeclRef, Definition, TypeKind};
use weft_syntax::lexer::{tokenize, TokenKind};

/// The token types, in legend order.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::CLASS,
    SemanticTokenType::STRUCT,
    SemanticTokenType::ENUM,
    SemanticTokenType::TYPE,
    SemanticTokenType::EVENT,
    SemanticTokenType::INTERFACE,
    SemanticTokenType::METHOD,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::MACRO,
    SemanticTokenType::DECORATOR,
];

/// The closed set of kinds the server gives; the index is the legend's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Namespace,
    Class,
    Struct,
    Enum,
    Type,
    Event,
    Interface,
    Method,
    Function,
    Property,
    EnumMember,
    Parameter,
    Variable,
    Keyword,
    Comment,
    String,
    Number,
    Macro,
    Decorator,
}

/// Modifier bits, in legend order.
const DECLARATION: u32 = 1;
const DOCUMENTATION: u32 = 2;
const DEFAULT_LIBRARY: u32 = 4;

pub(crate) fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DOCUMENTATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
        ],
    }
}

pub(crate) fn full(world: &World, params: SemanticTokensParams) -> Option<SemanticTokensResult> {
    let (analysis, file) = document(world, &params.text_document.uri)?;
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode(&analysis, file)?,
    }))
}

fn encode(analysis: &Analysis, file: FileId) -> Option<Vec<SemanticToken>> {
    let text = analysis.text(file)?;
    let sites: HashMap<u32, (Definition, bool)> = analysis
        .sites_in(file)
        .iter()
        .map(|site| (site.span.start, (site.to, site.declaration)))
        .collect();
    let mut data = Vec::new();
    let (mut last_line, mut last_start) = (0, 0);
    let mut previous_code: Option<TokenKind> = None;
    for token in tokenize(text.text) {
        let classified = match token.kind {
            TokenKind::Keyword => Some((Kind::Keyword, 0)),
            TokenKind::Comment => Some((Kind::Comment, 0)),
            TokenKind::DocComment => Some((Kind::Comment, DOCUMENTATION)),
            TokenKind::String | TokenKind::UnterminatedString => Some((Kind::String, 0)),
            TokenKind::Number | TokenKind::Duration => Some((Kind::Number, 0)),
            TokenKind::Ident => {
                let start = token.start;
                match sites.get(&start) {
                    Some((to, declaration)) => {
                        let mut modifiers = if *declaration { DECLARATION } else { 0 };
                        if analysis.is_std(*to) {
                            modifiers |= DEFAULT_LIBRARY;
                        }
                        Some((kind_of(analysis, *to), modifiers))
                    }
                    None if previous_code == Some(TokenKind::At) => Some((Kind::Decorator, 0)),
                    None => None,
                }
            }
            _ => None,
        };
        if !token.kind.is_trivia() {
            previous_code = Some(token.kind);
        }
        let Some((kind, modifiers)) = classified else {
            continue;
        };
        let position = text.position(token.start as usize);
        let end = text.position(token.end as usize);
        // Tokens never span lines; a token that did would be cut here.
        let length = if end.line == position.line {
            end.character - position.character
        } else {
            continue;
        };
        let delta_line = position.line - last_line;
        let delta_start = if delta_line == 0 {
            position.character - last_start
        } else {
            position.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: kind as u32,
            token_modifiers_bitset: modifiers,
        });
        last_line = position.line;
        last_start = position.character;
    }
    Some(data)
}

fn kind_of(analysis: &Analysis, to: Definition) -> Kind {
    match to {
        Definition::Decl(decl) => match decl {
            DeclRef::Domain(_) => Kind::Namespace,
            DeclRef::System(_) => Kind::Class,
            DeclRef::Entity(_) => Kind::Struct,
            DeclRef::Type(id) => {
                match analysis.model().types.get(id.index()).map(|def| &def.kind) {
                    Some(TypeKind::Enum { .. }) => Kind::Enum,
                    Some(TypeKind::Record(_)) => Kind::Struct,
                    _ => Kind::Type,
                }
            }
            DeclRef::Event(_) => Kind::Event,
            DeclRef::Api(_) => Kind::Interface,
            DeclRef::Policy(_) => Kind::Macro,
            DeclRef::Workflow(_) | DeclRef::Test(_) => Kind::Function,
        },
        Definition::Field { .. } => Kind::Property,
        Definition::EnumSymbol { .. } => Kind::EnumMember,
        Definition::EventVersion { .. } => Kind::Number,
        Definition::Operation(_) => Kind::Method,
        Definition::Parameter { .. } => Kind::Parameter,
        Definition::Variable { .. } => Kind::Variable,
    }
}
