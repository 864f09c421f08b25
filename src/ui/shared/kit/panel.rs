//! A panel's skeleton: `<section id class="panel">` labelled by its `<h2 id="{id}-title">`,
//! an optional help paragraph, then the body. A part of a panel (`sub`) has the same skeleton
//! with an `<h3>` and without the panel's frame.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub id: AttrValue,
    pub title: Html,
    /// The paragraph under the heading that says what the panel does.
    #[prop_or_default]
    pub help: Option<Html>,
    #[prop_or_default]
    pub class: Classes,
    /// A part of a panel: an `<h3>`, no `panel` class.
    #[prop_or_default]
    pub sub: bool,
    /// For the panel that scrolls itself into view.
    #[prop_or_default]
    pub node_ref: NodeRef,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let title_id = format!("{}-title", props.id);
    let class = classes!((!props.sub).then_some("panel"), props.class.clone());
    html! {
        <section id={props.id.clone()} {class} aria-labelledby={title_id.clone()} ref={props.node_ref.clone()}>
            if props.sub {
                <h3 id={title_id}>{ props.title.clone() }</h3>
            } else {
                <h2 id={title_id}>{ props.title.clone() }</h2>
            }
            if let Some(help) = props.help.clone() {
                <p class="help">{ help }</p>
            }
            { props.children.clone() }
        </section>
    }
}
