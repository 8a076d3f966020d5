//! `textDocument/codeLens` on entities, events and APIs: the graph in one
//! line ("owned by mes · 3 consumers · 2 workflows"); the command reveals
//! the places that name the item (`weft.showLocations`, which the VS Code
//! extension maps to the editor's references view).

use super::{document, location};
use crate::analysis::Analysis;
use crate::features::hover::writers;
use crate::world::World;
use lsp_types::*;
use weft_compiler::model::{Consumer, DeclRef, Definition};

/// The client command a lens runs: arguments are the document's URI, the
/// lens position and the locations to show.
pub(crate) const SHOW_LOCATIONS: &str = "weft.showLocations";

pub(crate) fn lenses(world: &World, params: CodeLensParams) -> Option<Vec<CodeLens>> {
    let (analysis, file) = document(world, &params.text_document.uri)?;
    let index = analysis.model().index.file(file)?;
    let lenses = index
        .items
        .iter()
        .filter_map(|item| {
            let decl = item.decl?;
            let title = title(&analysis, decl)?;
            let range = super::range(&analysis, item.name_span)?;
            let locations: Vec<Location> = analysis
                .sites_of(Definition::Decl(decl))
                .into_iter()
                .filter(|site| !site.declaration)
                .filter_map(|site| location(&analysis, site.span))
                .collect();
            Some(CodeLens {
                range,
                command: Some(Command {
                    title,
                    command: SHOW_LOCATIONS.into(),
                    arguments: Some(vec![
                        serde_json::to_value(&params.text_document.uri).ok()?,
                        serde_json::to_value(range.start).ok()?,
                        serde_json::to_value(locations).ok()?,
                    ]),
                }),
                data: None,
            })
        })
        .collect();
    Some(lenses)
}

fn count(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

fn title(analysis: &Analysis, decl: DeclRef) -> Option<String> {
    let model = analysis.model();
    let system = |id: Option<weft_compiler::model::SystemId>| {
        id.and_then(|id| model.systems.get(id.index()))
            .map(|system| system.name.name)
    };
    let parts = match decl {
        DeclRef::Entity(id) => {
            let entity = model.entities.get(id.index())?;
            let events = model
                .events
                .iter()
                .filter(|event| event.about == Some(id))
                .count();
            vec![
                system(entity.owner).map_or("no owner".into(), |owner| format!("owned by {owner}")),
                count(events, "event", "events"),
                count(writers(model, id).len(), "writer", "writers"),
            ]
        }
        DeclRef::Event(id) => {
            let event = model.events.get(id.index())?;
            let systems = event
                .consumers
                .iter()
                .filter(|consumer| matches!(consumer, Consumer::System { .. }))
                .count();
            let workflows = event.consumers.len() - systems;
            vec![
                system(event.producer).map_or("no producer".into(), |producer| {
                    format!("produced by {producer}")
                }),
                count(systems, "consumer", "consumers"),
                count(workflows, "workflow", "workflows"),
            ]
        }
        DeclRef::Api(id) => {
            let api = model.apis.get(id.index())?;
            let callers = analysis
                .sites_of(Definition::Decl(decl))
                .into_iter()
                .filter(|site| !site.declaration)
                .count();
            vec![
                system(api.host).map_or("no host".into(), |host| format!("hosted by {host}")),
                count(api.operations.len(), "operation", "operations"),
                count(callers, "reference", "references"),
            ]
        }
        _ => return None,
    };
    Some(parts.join(" · "))
}
