//! Go to definition, go to type definition, find references and document
//! highlights: all read the sites of the analysis (the model's record of
//! resolved references plus every declaration).

use super::{at, location, range};
use crate::analysis::{operation_of, record_fields, Analysis};
use crate::world::World;
use lsp_types::*;
use weft_compiler::model::{DeclRef, Definition, Type, TypeId};

pub(crate) fn definition(
    world: &World,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let at = at(world, &params.text_document_position_params)?;
    let site = at.analysis.site_at(at.file, at.offset)?;
    let span = at.analysis.declaration_span(site.to)?;
    Some(GotoDefinitionResponse::Scalar(location(
        &at.analysis,
        span,
    )?))
}

pub(crate) fn type_definition(
    world: &World,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let at = at(world, &params.text_document_position_params)?;
    let site = at.analysis.site_at(at.file, at.offset)?;
    let target = type_of(&at.analysis, site.to)?;
    let span = at.analysis.declaration_span(target)?;
    Some(GotoDefinitionResponse::Scalar(location(
        &at.analysis,
        span,
    )?))
}

/// The declared type a definition has: a field's, a parameter's or a
/// variable's type (inside lists, maps and optionals), an event's payload.
fn type_of(analysis: &Analysis, to: Definition) -> Option<Definition> {
    let model = analysis.model();
    let ty = match to {
        Definition::Field { record, field } => record_fields(model, record)?.get(field)?.ty.clone(),
        Definition::Parameter {
            operation,
            parameter,
        } => operation_of(model, operation)?
            .params
            .get(parameter)?
            .field
            .ty
            .clone(),
        Definition::Variable { workflow, variable } => model
            .workflows
            .get(workflow.index())?
            .variables
            .get(variable)?
            .ty
            .clone(),
        Definition::EventVersion { event, version } => {
            Type::Named(model.events.get(event.index())?.version(version)?.payload)
        }
        Definition::Decl(DeclRef::Event(event)) => {
            Type::Named(model.events.get(event.index())?.latest()?.payload)
        }
        Definition::Operation(operation) => operation_of(model, operation)?.result_type()?.clone(),
        Definition::Decl(_) | Definition::EnumSymbol { .. } => return None,
    };
    let id = named(&ty)?;
    // An entity's record is shown as the entity.
    let entity = model
        .entities
        .iter()
        .position(|entity| entity.record == id)
        .and_then(|index| u32::try_from(index).ok());
    Some(match entity {
        Some(index) => Definition::Decl(DeclRef::Entity(weft_compiler::model::EntityId(index))),
        None => Definition::Decl(DeclRef::Type(id)),
    })
}

fn named(ty: &Type) -> Option<TypeId> {
    match ty {
        Type::Named(id) => Some(*id),
        Type::Optional(inner) | Type::List(inner) => named(inner),
        Type::Map(map) => named(&map.1),
        _ => None,
    }
}

pub(crate) fn references(world: &World, params: ReferenceParams) -> Option<Vec<Location>> {
    let at = at(world, &params.text_document_position)?;
    let site = at.analysis.site_at(at.file, at.offset)?;
    let include_declaration = params.context.include_declaration;
    Some(
        at.analysis
            .sites_of(site.to)
            .into_iter()
            .filter(|found| include_declaration || !found.declaration)
            .filter_map(|found| location(&at.analysis, found.span))
            .collect(),
    )
}

pub(crate) fn highlights(
    world: &World,
    params: DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let at = at(world, &params.text_document_position_params)?;
    let site = at.analysis.site_at(at.file, at.offset)?;
    Some(
        at.analysis
            .sites_of(site.to)
            .into_iter()
            .filter(|found| found.span.file == at.file)
            .filter_map(|found| {
                Some(DocumentHighlight {
                    range: range(&at.analysis, found.span)?,
                    kind: Some(if found.declaration {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                })
            })
            .collect(),
    )
}
