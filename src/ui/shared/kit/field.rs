//! A labelled text input: its text (the user's draft or the value), its help and its error,
//! in one shape everywhere: `<div class="field">` with the label `for` the input, the input
//! `aria-invalid` and `aria-describedby` its help and its error, and the error in
//! `#{id}-error` (always there, empty when the text is fine, so the input's description never
//! points at nothing and the layout does not jump).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The input's id; the help is `{id}-help`, the error `{id}-error`.
    pub id: AttrValue,
    /// The label's content (a text, or a name with its help and badges).
    pub label: Html,
    /// The text shown in the input.
    pub value: AttrValue,
    /// Why the text was refused, in the page's language (`None`: accepted).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// A help line under the input.
    #[prop_or_default]
    pub help: Option<Html>,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    /// A number input's step and lower bound (`any`, `0`).
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    /// The keyboard a touch screen shows (`decimal`, `numeric`, `text`).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Applied on every keystroke (drafts) ...
    #[prop_or_default]
    pub oninput: Option<Callback<InputEvent>>,
    /// ... or when the input is left.
    #[prop_or_default]
    pub onchange: Option<Callback<Event>>,
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let id = &props.id;
    let invalid = props.error.is_some();
    let error_id = format!("{id}-error");
    let help_id = props.help.as_ref().map(|_| format!("{id}-help"));
    let described = match &help_id {
        Some(h) => format!("{h} {error_id}"),
        None => error_id.clone(),
    };
    html! {
        <div class={classes!("field", props.class.clone(), invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id.clone()} type={props.input_type.clone()} inputmode={props.inputmode.clone()}
                step={props.step.clone()} min={props.min.clone()}
                value={props.value.clone()} oninput={props.oninput.clone()} onchange={props.onchange.clone()}
                aria-invalid={invalid.to_string()} aria-describedby={described} />
            if let (Some(help), Some(help_id)) = (props.help.clone(), help_id) {
                <small id={help_id} class="help">{ help }</small>
            }
            <span id={error_id} class="field-error" role={invalid.then_some("alert")}>
                { props.error.clone().unwrap_or_default() }
            </span>
        </div>
    }
}
