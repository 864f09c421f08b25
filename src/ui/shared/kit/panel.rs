//! A panel's skeleton: `<section id class="panel">` labelled by its `<h2 id="{id}-title">`,
//! an optional help paragraph, then the body.

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
    /// For the panel that scrolls itself into view.
    #[prop_or_default]
    pub node_ref: NodeRef,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let title_id = format!("{}-title", props.id);
    html! {
        <section id={props.id.clone()} class={classes!("panel", props.class.clone())} aria-labelledby={title_id.clone()}
            ref={props.node_ref.clone()}>
            <h2 id={title_id}>{ props.title.clone() }</h2>
            if let Some(help) = props.help.clone() {
                <p class="help">{ help }</p>
            }
            { props.children.clone() }
        </section>
    }
}
