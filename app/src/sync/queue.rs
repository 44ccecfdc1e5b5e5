//! The browser's op queue as a pure state machine: no signals, no storage, no network, so its
//! rules are tested natively. Every writer of the browser (answers, interview fields, interview
//! details, later workshop votes) keeps its unsent changes in one of these.
//!
//! The rules:
//! - ops are sent in the order they were made, and a batch is sent only when none is in flight;
//! - an op leaves the queue only when the server has answered for it (applied, stale or
//!   refused); a transport failure, an expired session or any failure of the call as a whole
//!   keeps every op, in order, for the next try;
//! - a result is matched to its op by op id, never by position alone, so a short or reordered
//!   answer cannot acknowledge the wrong change.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::result::OpResult;
use crate::error::{AppError, ErrorCode};

/// What the queue needs to know of an op.
pub trait QueuedOp: Clone + Serialize + DeserializeOwned {
    fn op_id(&self) -> &str;
    /// What the op changes (an item, a field key, the details): ops on one target are applied
    /// in order, so the next op's base revision counts the ones still waiting.
    fn target(&self) -> Cow<'_, str>;
}

/// How the server answered for one op.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<C> {
    Applied {
        revision: u32,
        current: Option<C>,
    },
    /// Someone changed the target first; `current` is what is stored now (`None`: nothing).
    Stale {
        current: Option<C>,
    },
    /// Refused for another reason (invalid, forbidden, …): retrying cannot help.
    Refused(AppError),
}

impl<C> Outcome<C> {
    pub fn from_result(result: OpResult<C>) -> Outcome<C> {
        match (result.status, result.revision, result.error) {
            (200..=299, Some(revision), _) => Outcome::Applied {
                revision,
                current: result.current,
            },
            (_, _, Some(e)) if e.code == ErrorCode::Stale => Outcome::Stale {
                current: result.current,
            },
            (_, _, Some(e)) => Outcome::Refused(e),
            (status, _, None) => Outcome::Refused(AppError::new(
                ErrorCode::Invalid,
                format!("the server answered {status} without a revision or an error"),
            )),
        }
    }
}

/// Why a whole call failed, as far as the queue cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallFailure {
    /// The request never got an answer: offline, or the server is unreachable.
    Transport,
    /// The session ended: nothing can be sent until the user signs in again.
    SignedOut,
    /// Anything else: the ops stay, the user is told, the queue tries again later.
    Other,
}

impl CallFailure {
    pub fn of(e: &AppError) -> CallFailure {
        match e.code {
            ErrorCode::Transport => CallFailure::Transport,
            ErrorCode::Unauthorized => CallFailure::SignedOut,
            _ => CallFailure::Other,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpQueue<Op> {
    ops: Vec<Op>,
    /// The first `in_flight` ops have been sent and not yet answered for.
    in_flight: usize,
}

impl<Op> Default for OpQueue<Op> {
    fn default() -> Self {
        OpQueue {
            ops: Vec::new(),
            in_flight: 0,
        }
    }
}

impl<Op: QueuedOp> OpQueue<Op> {
    /// A queue restored from storage: whatever was in flight when the page went away is
    /// unanswered, so it is sent again (the server applies each op id once).
    pub fn restore(ops: Vec<Op>) -> OpQueue<Op> {
        OpQueue { ops, in_flight: 0 }
    }

    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn is_sending(&self) -> bool {
        self.in_flight > 0
    }

    /// Ops on `target` still waiting (sent or not).
    pub fn waiting_for(&self, target: &str) -> u32 {
        self.ops.iter().filter(|op| op.target() == target).count() as u32
    }

    pub fn enqueue(&mut self, op: Op) {
        self.ops.push(op);
    }

    /// The ops to send now, at most `max`, or nothing while a batch is in flight.
    pub fn next_batch(&mut self, max: usize) -> Option<Vec<Op>> {
        if self.is_sending() || self.ops.is_empty() || max == 0 {
            return None;
        }
        self.in_flight = self.ops.len().min(max);
        Some(self.ops[..self.in_flight].to_vec())
    }

    /// The server answered for the batch in flight: each op with a result leaves the queue
    /// and is returned with its outcome; a sent op without a result stays, to be sent again.
    pub fn settle<C>(&mut self, results: Vec<OpResult<C>>) -> Vec<(Op, Outcome<C>)> {
        let sent: Vec<Op> = self.ops.drain(..self.in_flight).collect();
        self.in_flight = 0;
        let mut results: Vec<Option<OpResult<C>>> = results.into_iter().map(Some).collect();
        let mut settled = Vec::with_capacity(sent.len());
        let mut unanswered = Vec::new();
        for op in sent {
            let found = results
                .iter_mut()
                .find(|r| r.as_ref().is_some_and(|r| r.op_id == op.op_id()))
                .and_then(Option::take);
            match found {
                Some(result) => settled.push((op, Outcome::from_result(result))),
                None => unanswered.push(op),
            }
        }
        unanswered.append(&mut self.ops);
        self.ops = unanswered;
        settled
    }

    /// The call as a whole failed: every op stays, in order, for the next try.
    pub fn call_failed(&mut self) {
        self.in_flight = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct TestOp {
        id: String,
        target: String,
    }

    impl QueuedOp for TestOp {
        fn op_id(&self) -> &str {
            &self.id
        }
        fn target(&self) -> Cow<'_, str> {
            Cow::Borrowed(&self.target)
        }
    }

    fn op(id: usize, target: &str) -> TestOp {
        TestOp {
            id: format!("op-{id}"),
            target: target.to_string(),
        }
    }

    fn applied(op: &TestOp, revision: u32) -> OpResult<u32> {
        OpResult {
            op_id: op.id.clone(),
            status: 200,
            revision: Some(revision),
            error: None,
            current: None,
        }
    }

    fn refused(op: &TestOp, code: ErrorCode, current: Option<u32>) -> OpResult<u32> {
        OpResult {
            op_id: op.id.clone(),
            status: 409,
            revision: None,
            error: Some(AppError::new(code, "no")),
            current,
        }
    }

    #[test]
    fn one_batch_at_a_time_and_in_order() {
        let mut q = OpQueue::default();
        q.enqueue(op(1, "a"));
        q.enqueue(op(2, "b"));
        let batch = q.next_batch(10).expect("a batch");
        assert_eq!(batch, vec![op(1, "a"), op(2, "b")]);
        q.enqueue(op(3, "a"));
        assert_eq!(
            q.next_batch(10),
            None,
            "nothing is sent while a batch is out"
        );
        assert_eq!(q.waiting_for("a"), 2);
        let settled = q.settle(vec![applied(&batch[0], 1), applied(&batch[1], 1)]);
        assert_eq!(settled.len(), 2);
        assert_eq!(q.ops(), &[op(3, "a")]);
        assert_eq!(q.next_batch(10), Some(vec![op(3, "a")]));
    }

    #[test]
    fn a_failed_call_keeps_every_op_in_order() {
        let mut q = OpQueue::default();
        for i in 0..3 {
            q.enqueue(op(i, "a"));
        }
        let first = q.next_batch(2).expect("a batch");
        q.enqueue(op(9, "b"));
        q.call_failed();
        assert!(!q.is_sending());
        assert_eq!(q.next_batch(10).expect("again"), {
            let mut all = first;
            all.extend([op(2, "a"), op(9, "b")]);
            all
        });
    }

    #[test]
    fn outcomes_are_matched_by_op_id_not_by_position() {
        let mut q = OpQueue::default();
        q.enqueue(op(1, "a"));
        q.enqueue(op(2, "b"));
        let batch = q.next_batch(10).expect("a batch");
        // The server answered for the second op only, and the first's answer is for an op
        // this queue never sent.
        let settled = q.settle(vec![applied(&op(7, "x"), 4), applied(&batch[1], 3)]);
        assert_eq!(
            settled,
            vec![(
                op(2, "b"),
                Outcome::Applied {
                    revision: 3,
                    current: None
                }
            )]
        );
        assert_eq!(q.ops(), &[op(1, "a")], "the unanswered op is sent again");
    }

    #[test]
    fn stale_and_refused_ops_leave_the_queue_with_their_reason() {
        let mut q = OpQueue::default();
        q.enqueue(op(1, "a"));
        q.enqueue(op(2, "b"));
        let batch = q.next_batch(10).expect("a batch");
        let settled = q.settle(vec![
            refused(&batch[0], ErrorCode::Stale, Some(5)),
            refused(&batch[1], ErrorCode::Invalid, None),
        ]);
        assert!(q.is_empty());
        assert_eq!(settled[0].1, Outcome::Stale { current: Some(5) });
        assert!(matches!(&settled[1].1, Outcome::Refused(e) if e.code == ErrorCode::Invalid));
    }

    #[test]
    fn whole_call_failures_are_told_apart() {
        assert_eq!(
            CallFailure::of(&AppError::new(ErrorCode::Transport, "x")),
            CallFailure::Transport
        );
        assert_eq!(
            CallFailure::of(&AppError::new(ErrorCode::Unauthorized, "x")),
            CallFailure::SignedOut
        );
        assert_eq!(
            CallFailure::of(&AppError::new(ErrorCode::Forbidden, "x")),
            CallFailure::Other
        );
    }

    #[derive(Debug, Clone)]
    enum Step {
        Enqueue(u8),
        Send(u8),
        AnswerAll,
        AnswerSome(u8),
        Fail,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u8..3).prop_map(Step::Enqueue),
            (1u8..4).prop_map(Step::Send),
            Just(Step::AnswerAll),
            any::<u8>().prop_map(Step::AnswerSome),
            Just(Step::Fail),
        ]
    }

    proptest! {
        /// Whatever the network does, every op made is answered for exactly once, in the order
        /// ops were made per target, and none is lost or invented.
        #[test]
        fn every_op_is_settled_once_in_order(steps in prop::collection::vec(step(), 0..60)) {
            let mut q = OpQueue::default();
            let mut made = Vec::new();
            let mut settled: Vec<TestOp> = Vec::new();
            let mut out: Option<Vec<TestOp>> = None;
            for s in steps {
                match s {
                    Step::Enqueue(t) => {
                        let o = op(made.len(), ["a", "b", "c"][t as usize]);
                        made.push(o.clone());
                        q.enqueue(o);
                    }
                    Step::Send(max) => {
                        if let Some(b) = q.next_batch(max as usize) {
                            prop_assert!(out.is_none());
                            out = Some(b);
                        }
                    }
                    Step::AnswerAll => if let Some(b) = out.take() {
                        let results = b.iter().map(|o| applied(o, 1)).collect();
                        settled.extend(q.settle(results).into_iter().map(|(o, _)| o));
                    },
                    Step::AnswerSome(mask) => if let Some(b) = out.take() {
                        // The answered ops form a prefix, as a server that stops part-way would.
                        let n = (mask as usize) % (b.len() + 1);
                        let results = b[..n].iter().map(|o| applied(o, 1)).collect();
                        settled.extend(q.settle(results).into_iter().map(|(o, _)| o));
                    },
                    Step::Fail => if out.take().is_some() { q.call_failed() },
                }
            }
            if let Some(b) = out.take() {
                let results = b.iter().map(|o| applied(o, 1)).collect();
                settled.extend(q.settle(results).into_iter().map(|(o, _)| o));
            }
            while let Some(b) = q.next_batch(100) {
                let results = b.iter().map(|o| applied(o, 1)).collect();
                settled.extend(q.settle(results).into_iter().map(|(o, _)| o));
            }
            prop_assert_eq!(settled, made);
        }
    }
}
