//! What a job is, declared once per kind: its name, its typed request and reply, and for a
//! job run whole on one worker ([`Single`]) the code the worker runs. A feature declares its
//! kinds next to itself (e.g. `ui/goal/jobs.rs`) and the app registers each single kind with
//! one line ([`entry`], `ui/jobs.rs`); the messages are generic (`protocol::Task::Single`),
//! so neither the pool nor the worker changes when a kind is added.

use crate::ui::shared::bridge::Problem;
pub use crate::ui::shared::job::JobEvent;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::any::Any;

/// A kind of job the page sends to its workers.
pub trait JobKind: 'static {
    /// The kind's name in the messages (unique among the registered kinds).
    const NAME: &'static str;
    type Request: 'static;
    type Reply: 'static;
}

/// Declares a job kind: `job_kind!(/// doc, GoalKind, "goal", GoalRequest => GoalAnswer);` is the
/// unit struct and its [`JobKind`] (a kind then says how it runs: [`Single`], or `Launch` for
/// a pooled kind).
macro_rules! job_kind {
    ($(#[$doc:meta])* $kind:ident, $name:literal, $request:ty => $reply:ty) => {
        $(#[$doc])*
        pub struct $kind;

        impl $crate::ui::workers::JobKind for $kind {
            const NAME: &'static str = $name;
            type Request = $request;
            type Reply = $reply;
        }
    };
}
pub(crate) use job_kind;

/// A kind run whole on one worker: `run` is called there with the request read from its
/// JSON, and the reply crosses back as JSON. Errors are typed ([`Problem`]) and said in the
/// page's language when shown.
pub trait Single: JobKind<Request: Serialize + DeserializeOwned, Reply: Serialize + DeserializeOwned> {
    /// Runs the job; `progress(done, total)` as it goes (the worker throttles the messages).
    fn run(request: &Self::Request, progress: &mut dyn FnMut(u32, u32)) -> Result<Self::Reply, Problem>;
}

/// A reply before it is typed: a pooled kind's value as the pool assembled it, or a single
/// kind's JSON (read on the page into its `Reply`).
pub(super) type AnyReply = Box<dyn Any>;

/// The typed event of an untyped one: the reply is `K::Reply` unless the pool mixed kinds up,
/// which fails the job rather than the page.
pub(super) fn typed<K: JobKind>(event: JobEvent<AnyReply>) -> JobEvent<K::Reply> {
    match event {
        JobEvent::Progress { id, done, total, eta } => JobEvent::Progress { id, done, total, eta },
        JobEvent::Failed { id, problem } => JobEvent::Failed { id, problem },
        JobEvent::Finished { id, reply, elapsed_ms } => match reply.downcast::<K::Reply>() {
            Ok(reply) => JobEvent::Finished { id, reply: *reply, elapsed_ms },
            Err(_) => JobEvent::Failed { id, problem: Problem::Worker(format!("a reply that is not a {}", K::NAME)) },
        },
    }
}

/// A single kind's reply read from its JSON, as the pool hands replies on.
pub(super) fn read_reply<K: Single>(json: &str) -> Result<AnyReply, Problem> {
    serde_json::from_str::<K::Reply>(json)
        .map(|r| Box::new(r) as AnyReply)
        .map_err(|e| Problem::Worker(format!("{}: {e}", K::NAME)))
}

/// Reads a request's JSON, runs the kind (with progress), writes the reply's JSON.
type RunJson = fn(&str, &mut dyn FnMut(u32, u32)) -> Result<String, Problem>;

/// One registered single kind, as the worker looks it up by name.
#[derive(Clone, Copy)]
pub struct Entry {
    pub(super) name: &'static str,
    pub(super) run: RunJson,
}

/// The registration of single kind `K` (one line of the app's registry).
pub const fn entry<K: Single>() -> Entry {
    Entry { name: K::NAME, run: run_json::<K> }
}

/// Every single kind the worker runs (the app's `ui::jobs::REGISTRY`).
pub type Registry = &'static [Entry];

fn run_json<K: Single>(request: &str, progress: &mut dyn FnMut(u32, u32)) -> Result<String, Problem> {
    let request: K::Request =
        serde_json::from_str(request).map_err(|e| Problem::Worker(format!("{}: bad request: {e}", K::NAME)))?;
    let reply = K::run(&request, progress)?;
    serde_json::to_string(&reply).map_err(|e| Problem::Worker(format!("{}: {e}", K::NAME)))
}

/// The entry named `name`; a registry with a name twice is a bug the tests catch ([`duplicate`]).
pub(super) fn find(registry: Registry, name: &str) -> Option<Entry> {
    registry.iter().find(|e| e.name == name).copied()
}

/// A name registered twice, if any (the app's registry test asserts there is none).
pub fn duplicate(registry: Registry) -> Option<&'static str> {
    registry.iter().enumerate().find(|(k, e)| registry[..*k].iter().any(|f| f.name == e.name)).map(|(_, e)| e.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Double;
    impl JobKind for Double {
        const NAME: &'static str = "double";
        type Request = Vec<u32>;
        type Reply = u64;
    }
    impl Single for Double {
        fn run(request: &Vec<u32>, progress: &mut dyn FnMut(u32, u32)) -> Result<u64, Problem> {
            progress(1, 1);
            match request.as_slice() {
                [] => Err(Problem::Read("empty".into())),
                r => Ok(2 * r.iter().map(|&v| u64::from(v)).sum::<u64>()),
            }
        }
    }

    #[test]
    fn a_single_kind_runs_from_json_to_json_and_its_reply_reads_back_typed() {
        const REGISTRY: Registry = &[entry::<Double>()];
        let e = find(REGISTRY, "double").map(|e| e.run);
        let mut calls = 0;
        let out = e.map(|run| run("[1,2,3]", &mut |_, _| calls += 1));
        assert_eq!(out, Some(Ok("12".to_string())));
        assert_eq!(calls, 1);
        let reply = read_reply::<Double>("12").map(|r| JobEvent::Finished { id: 3, reply: r, elapsed_ms: 1.0 });
        assert!(matches!(reply.map(typed::<Double>), Ok(JobEvent::Finished { id: 3, reply: 12, .. })));
        assert_eq!(
            find(REGISTRY, "double").map(|e| (e.run)("[]", &mut |_, _| {})),
            Some(Err(Problem::Read("empty".into())))
        );
        assert!(matches!(
            find(REGISTRY, "double").map(|e| (e.run)("{", &mut |_, _| {})),
            Some(Err(Problem::Worker(_)))
        ));
        assert!(find(REGISTRY, "triple").is_none());
        assert_eq!(duplicate(REGISTRY), None);
        const TWICE: Registry = &[entry::<Double>(), entry::<Double>()];
        assert_eq!(duplicate(TWICE), Some("double"));
    }

    #[test]
    fn a_reply_of_another_kind_fails_the_job_not_the_page() {
        let e = JobEvent::Finished { id: 1, reply: Box::new("text") as AnyReply, elapsed_ms: 0.0 };
        assert!(matches!(typed::<Double>(e), JobEvent::Failed { id: 1, problem: Problem::Worker(_) }));
    }
}
