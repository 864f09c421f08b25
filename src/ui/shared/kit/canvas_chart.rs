//! A `<canvas>` drawn from data and drawn again whenever the data changes (a new result, the
//! other language): the effect every chart of the page needs, written once. What to draw is
//! the data's [`Draw`]; a drawing error is logged, as the chart is also read as a table.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// What a chart draws on its canvas.
pub trait Draw: PartialEq + Clone + 'static {
    fn draw(&self, canvas: HtmlCanvasElement) -> Result<(), String>;
}

#[derive(Properties, PartialEq)]
pub struct CanvasChartProps<D: Draw> {
    pub id: AttrValue,
    pub width: u32,
    pub height: u32,
    /// The canvas's accessible name (`role="img"`).
    pub label: AttrValue,
    pub data: D,
    #[prop_or_default]
    pub class: Classes,
    /// More attributes of the canvas, e.g. `("data-bars", "12")` for the tests that read it.
    #[prop_or_default]
    pub attrs: Vec<(&'static str, AttrValue)>,
}

#[function_component(CanvasChart)]
pub fn canvas_chart<D: Draw>(props: &CanvasChartProps<D>) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let id = props.id.clone();
        // the size is a dependency too: a resized canvas is blank until drawn again
        use_effect_with((props.data.clone(), props.width, props.height), move |(data, _, _)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                if let Err(e) = data.draw(c) {
                    web_sys::console::warn_1(&format!("{id}: {e}").into());
                }
            }
        });
    }
    let mut node = html! {
        <canvas id={props.id.clone()} ref={canvas} class={props.class.clone()} width={props.width.to_string()}
            height={props.height.to_string()} role="img" aria-label={props.label.clone()}></canvas>
    };
    if let Html::VTag(tag) = &mut node {
        for (name, value) in &props.attrs {
            std::rc::Rc::make_mut(tag).add_attribute(name, value.clone());
        }
    }
    node
}
