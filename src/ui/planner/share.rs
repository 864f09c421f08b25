//! The page's state as a short text, for share URLs (`#...`) and the
//! localStorage autosave. A preset region is stored as its name plus the
//! settings that differ from the preset; any other scenario as base64url JSON.
//!
//! `v=1&region=okazaki&st=actual,baseline&reps=200&seed=1&p.q=2.5&lang=en`

use crate::ui::shared::bridge::{self as engine, Scenario};
use crate::ui::shared::i18n::Lang;

/// What a share text restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub region: String,
    pub scenario: Scenario,
    pub strategies: Vec<String>,
    pub lang: Option<Lang>,
    /// `view=cf`: the counterfactual view (library strategies from 2025-09 in place of the
    /// region's plan) instead of the default plans from the last observation.
    pub counterfactual: bool,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn b64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = B64.iter().position(|&b| b == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

/// Largest scenario a share link inflates (a link is text someone else wrote).
const MAX_INFLATED: usize = 16 << 20;

/// A scenario in a link: its JSON, deflated, in base64url (`sz=`; `scenario=` is the
/// uncompressed form of older links, still read).
fn pack(s: &Scenario) -> String {
    b64url_encode(&miniz_oxide::deflate::compress_to_vec(compact(s).as_bytes(), 9))
}

fn unpack(v: &str) -> Result<Scenario, String> {
    let bytes = b64url_decode(v).ok_or("sz: not base64url")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INFLATED)
        .map_err(|_| "sz: not a deflated scenario (or over 16 MB)")?;
    let json = String::from_utf8(json).map_err(|_| "sz: not UTF-8")?;
    engine::parse_scenario(&json).map_err(|e| e.to_string())
}

/// Whether the scenario carries an imported network (office and edge tables): a link does
/// not inline it (it would be the size of the files); the page offers the scenario file.
pub fn has_imported_network(s: &Scenario) -> bool {
    matches!(s.network, renkei::sim::scenario::Network::Table { .. })
}

/// Encodes the page state. A preset is stored as its edits (decoding re-applies them, which
/// pins the edited calibrated parameters again); when the edits alone would not restore the
/// scenario (e.g. a parameter pinned at its preset value), the whole scenario travels.
pub fn encode(region: &str, scenario: &Scenario, strategies: &[String], lang: Lang) -> String {
    let text = encode_with(region, scenario, strategies, lang, true);
    if text.contains("&sz=") || text.contains("&net=") {
        return text;
    }
    match decode(&text) {
        Ok(back) if back.scenario == *scenario => text,
        _ => encode_with(region, scenario, strategies, lang, false),
    }
}

fn encode_with(region: &str, scenario: &Scenario, strategies: &[String], lang: Lang, as_edits: bool) -> String {
    let mut parts = vec!["v=1".to_string()];
    match engine::preset(region).filter(|_| as_edits) {
        Some(base) => {
            parts.push(format!("region={region}"));
            let mut rest = scenario.clone();
            rest.replications = base.replications;
            rest.seed = base.seed;
            rest.params = base.params.clone();
            rest.pinned = base.pinned.clone();
            rest.uncertainty = base.uncertainty;
            if rest == base {
                if scenario.uncertainty != base.uncertainty {
                    parts.push(format!("unc={}", engine::uncertainty_code(scenario.uncertainty)));
                }
                if scenario.replications != base.replications {
                    parts.push(format!("reps={}", scenario.replications));
                }
                if scenario.seed != base.seed {
                    parts.push(format!("seed={}", scenario.seed));
                }
                for info in engine::PARAM_INFO {
                    let (a, b) = (scenario.params.get(info.name), base.params.get(info.name));
                    if a != b {
                        parts.push(format!("p.{}={}", info.name, a.map(|v| v.to_string()).unwrap_or_default()));
                    }
                }
            } else {
                parts.push(format!("sz={}", pack(scenario)));
            }
        }
        None if has_imported_network(scenario) => {
            parts.push(format!("net=file&name={}", b64url_encode(scenario.name.as_bytes())))
        }
        None => parts.push(format!("sz={}", pack(scenario))),
    }
    parts.push(format!("st={}", strategies.join(",")));
    if lang != Lang::Ja {
        parts.push(format!("lang={}", lang.code()));
    }
    parts.join("&")
}

fn compact(s: &Scenario) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Decodes a share text (with or without a leading `#`); errors are English.
pub fn decode(text: &str) -> Result<Shared, String> {
    let text = text.trim_start_matches('#');
    let mut region = None;
    let mut scenario = None;
    let mut strategies = vec![engine::ACTUAL.to_string()];
    let mut lang = None;
    let mut counterfactual = false;
    let mut edits: Vec<(String, String)> = Vec::new();
    let mut version_ok = false;
    for part in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "v" => version_ok = v == "1",
            "region" => region = Some(v.to_string()),
            "scenario" => {
                let bytes = b64url_decode(v).ok_or("scenario: not base64url")?;
                let json = String::from_utf8(bytes).map_err(|_| "scenario: not UTF-8")?;
                scenario = Some(engine::parse_scenario(&json).map_err(|e| e.to_string())?);
            }
            "sz" => scenario = Some(unpack(v)?),
            "net" => {
                return Err("the link names an imported network it does not carry: open the scenario file saved with it (Open scenario)".into())
            }
            "name" => {}
            "st" => strategies = v.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            "lang" => lang = Lang::from_code(v),
            "view" => match v {
                "cf" => counterfactual = true,
                "today" => counterfactual = false,
                _ => return Err(format!("view: `{v}` is not `cf` or `today`")),
            },
            "reps" => edits.push(("replications".into(), v.into())),
            "unc" => edits.push(("uncertainty".into(), v.into())),
            "seed" => edits.push(("seed".into(), v.into())),
            k if k.starts_with("p.") => edits.push((format!("params.{}", &k[2..]), v.into())),
            _ => return Err(format!("unknown key `{k}`")),
        }
    }
    if !version_ok {
        return Err("missing or unknown version (v=1)".into());
    }
    let (region, mut scenario) = match (region, scenario) {
        (_, Some(s)) => (s.name.clone(), s),
        (Some(r), None) => {
            let s = engine::preset(&r).ok_or_else(|| format!("region: no preset `{r}`"))?;
            (r, s)
        }
        (None, None) => return Err("neither region nor scenario".into()),
    };
    for (field, text) in edits {
        scenario = engine::apply_field(&scenario, &field, &text).map_err(|(f, e)| {
            format!("{f}: {}", crate::ui::shared::i18n::field_error(crate::ui::shared::i18n::Lang::En, &e))
        })?;
    }
    strategies.retain(|n| engine::with_strategy(&scenario, n).is_some());
    strategies.dedup();
    strategies.truncate(engine::MAX_COMPARE);
    if strategies.is_empty() {
        strategies.push(engine::ACTUAL.to_string());
    }
    Ok(Shared { region, scenario, strategies, lang, counterfactual })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "日本語 {\"x\":1}"] {
            assert_eq!(b64url_decode(&b64url_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(b64url_encode(b"Man"), "TWFu");
        assert!(b64url_decode("a+b").is_none());
    }

    #[test]
    fn a_preset_is_stored_as_its_edits_only() {
        let base = engine::preset("okazaki").unwrap();
        let s = engine::apply_field(&base, "params.q", "2.5").unwrap();
        let s = engine::apply_field(&s, "replications", "77").unwrap();
        let st = vec!["actual".to_string(), "baseline".to_string()];
        let text = encode("okazaki", &s, &st, Lang::En);
        assert_eq!(text, "v=1&region=okazaki&reps=77&p.q=2.5&st=actual,baseline&lang=en");
        let back = decode(&format!("#{text}")).unwrap();
        assert_eq!(
            back,
            Shared {
                region: "okazaki".into(),
                scenario: s,
                strategies: st,
                lang: Some(Lang::En),
                counterfactual: false
            }
        );
        assert!(decode("v=1&region=okazaki&st=actual&view=cf").unwrap().counterfactual);
        assert!(decode("v=1&region=okazaki&view=past").unwrap_err().contains("view"));
    }

    #[test]
    fn pins_and_the_uncertainty_mode_survive_the_link() {
        let base = engine::preset("okazaki").unwrap();
        let s = engine::apply_field(&base, "params.p", "0.05").unwrap();
        let s = engine::apply_field(&s, "params.q", "2.5").unwrap();
        assert_eq!(s.pinned, vec!["p".to_string(), "q".to_string()]);
        let st = vec!["actual".to_string()];
        let back = decode(&encode("okazaki", &s, &st, Lang::Ja)).unwrap();
        assert_eq!(back.scenario, s, "decoding re-pins the edited parameters");
        let fixed = engine::apply_field(&base, "uncertainty", "fixed").unwrap();
        let fixed = engine::apply_field(&fixed, "params.q", "2.5").unwrap();
        let text = encode("okazaki", &fixed, &st, Lang::Ja);
        assert_eq!(text, "v=1&region=okazaki&unc=fixed&p.q=2.5&st=actual");
        assert_eq!(decode(&text).unwrap().scenario, fixed);
        // pinned at the preset's own value: the edits alone cannot say it, the scenario travels
        let mut odd = base.clone();
        odd.pinned = vec!["q".into()];
        let text = encode("okazaki", &odd, &st, Lang::Ja);
        assert!(text.contains("sz="), "{text}");
        assert_eq!(decode(&text).unwrap().scenario, odd);
    }

    #[test]
    fn any_other_scenario_travels_whole() {
        let mut s = engine::preset("chitose").unwrap();
        s.name = "my town".into();
        s.population.initial_adopted += 1;
        let text = encode("my town", &s, &["actual".to_string()], Lang::Ja);
        assert!(text.contains("sz="));
        let back = decode(&text).unwrap();
        assert_eq!(back.scenario, s);
        assert_eq!(back.region, "my town");
        // deflated: far shorter than the JSON in base64url, which older links carry and which is still read
        let old = format!("v=1&scenario={}&st=actual", b64url_encode(compact(&s).as_bytes()));
        assert!(text.len() * 2 < old.len(), "{} vs {}", text.len(), old.len());
        assert_eq!(decode(&old).unwrap().scenario, s);
    }

    #[test]
    fn an_imported_network_is_not_inlined_and_its_link_says_so() {
        let base = engine::preset("okazaki").unwrap();
        let p = engine::import_tables(&base, engine::SAMPLE_OFFICES, engine::SAMPLE_EDGES, "town").unwrap();
        assert!(has_imported_network(&p.scenario));
        let text = encode("town", &p.scenario, &["actual".to_string()], Lang::Ja);
        assert!(text.contains("net=file") && !text.contains("sz="), "{text}");
        assert!(decode(&text).unwrap_err().contains("scenario file"));
        assert!(decode("v=1&sz=AAAA").is_err(), "a bad deflate stream is an error, not a panic");
    }

    #[test]
    fn bad_texts_are_refused_with_a_reason() {
        assert!(decode("").is_err());
        assert!(decode("v=2&region=okazaki").is_err());
        assert!(decode("v=1&region=atlantis").unwrap_err().contains("atlantis"));
        assert!(decode("v=1&region=okazaki&p.q=abc").unwrap_err().contains("params.q"));
        assert!(decode("v=1&scenario=!!").is_err());
        assert!(decode("v=1&region=okazaki&zzz=1").unwrap_err().contains("zzz"));
        // unknown strategies are dropped, at most 4 kept
        let d = decode("v=1&region=okazaki&st=nope,baseline").unwrap();
        assert_eq!(d.strategies, vec!["baseline".to_string()]);
    }
}
