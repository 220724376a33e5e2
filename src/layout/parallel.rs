//! Sharing the layout's independent pieces of work among the cores: the
//! claims' texts to wrap and the arrows to detour around boxes, on a large
//! map most of its time ([`map`]); two steps that do not depend on each
//! other ([`join`]); and freeing the working data the caller is done with
//! ([`free`]).
//!
//! Scoped threads and a shared counter are all such a batch needs: each
//! thread takes the next block of items as it finishes one, so items of
//! very different cost (a clear corridor or a long path search) still
//! spread evenly, and the results come back in order. Which thread did an
//! item never changes its result, so the layout stays deterministic. A
//! thread-pool crate would add a dependency, and a pool that outlives the
//! layout, for nothing more.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Most threads one batch uses.
const MAX_THREADS: usize = 8;

/// How many threads a large batch is shared among: the cores this
/// process may use, at most [`MAX_THREADS`]. Asked once: asking reads the
/// system's limits (about 50 µs on Linux), as long as a small map's layout.
pub(super) fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(MAX_THREADS)
    })
}

/// The results of `work` for the items `0..n`, in order.
///
/// Threads take `block` items at a time; with fewer than `threaded_from`
/// items all are done on the calling thread (a thread costs about as much
/// to start as a few of the items). Each thread has a state made by
/// `state` (buffers to reuse from one item to the next). `done` is called
/// on the calling thread, now and then, with the number of items done so
/// far by all threads, for progress.
pub(super) fn map<S, T: Send>(
    n: usize,
    block: usize,
    threaded_from: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
    done: &mut dyn FnMut(usize),
) -> Vec<T> {
    let block = block.max(1);
    let threads = if n < threaded_from {
        1
    } else {
        threads().min(n.div_ceil(block))
    };
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    // Takes blocks until none is left: each block's first item and results.
    let drain = |done: &mut dyn FnMut(usize)| {
        let mut state = state();
        let mut blocks: Vec<(usize, Vec<T>)> = Vec::new();
        loop {
            let start = next.fetch_add(block, Ordering::Relaxed);
            if start >= n {
                break;
            }
            let end = (start + block).min(n);
            blocks.push((start, (start..end).map(|k| work(&mut state, k)).collect()));
            done(finished.fetch_add(end - start, Ordering::Relaxed) + end - start);
        }
        blocks
    };
    let mut blocks = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|_| scope.spawn(|| drain(&mut |_| {})))
            .collect();
        let mut blocks = drain(done);
        for helper in helpers {
            blocks.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        blocks
    });
    blocks.sort_unstable_by_key(|&(start, _)| start);
    blocks
        .into_iter()
        .flat_map(|(_, results)| results)
        .collect()
}

/// The results of `a` and `b`: on two threads when `threaded` and this
/// process may use more than one core (the calling thread does `a`, so
/// it may report progress), else one after the other. A panic in either
/// reaches the caller.
pub(super) fn join<A, B: Send>(
    threaded: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !threaded || threads() < 2 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        let b = b
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// Drops `value` on a thread of its own when `threaded` and this process
/// may use more than one core (or when no thread can be started, here);
/// else here and now. For large working data the caller has no more use
/// for: freeing it does not hold the caller up.
pub(super) fn free<T: Send + 'static>(threaded: bool, value: T) {
    if threaded && threads() > 1 {
        // Should the thread not start, the closure and `value` with it
        // are dropped here.
        let _ = std::thread::Builder::new()
            .name("layout-free".into())
            .spawn(move || drop(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_thread_made_them() {
        // Items of very different cost, in blocks that do not divide them.
        for (n, block, from) in [(0, 4, 1), (5, 4, 100), (1000, 7, 1), (33, 1, 1)] {
            let mut seen = Vec::new();
            let got = map(
                n,
                block,
                from,
                || 0usize,
                |calls, k| {
                    *calls += 1;
                    std::hint::black_box((0..(k % 17) * 1000).sum::<usize>());
                    k * k
                },
                &mut |d| seen.push(d),
            );
            assert_eq!(got, (0..n).map(|k| k * k).collect::<Vec<_>>());
            // Progress never goes back and never passes the whole.
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
            assert!(seen.iter().all(|&d| d <= n), "{seen:?}");
        }
    }

    #[test]
    fn join_gives_both_results_threaded_or_not() {
        for threaded in [false, true] {
            let (a, b) = join(threaded, || (0..1000u64).sum::<u64>(), || "b".repeat(3));
            assert_eq!((a, b.as_str()), (499_500, "bbb"));
        }
        let caught = std::panic::catch_unwind(|| join(true, || 1, || panic!("in b")));
        assert!(caught.is_err());
    }

    #[test]
    fn free_drops_on_a_thread_of_its_own_when_threaded() {
        /// Tells which thread dropped it.
        struct Tell(std::sync::mpsc::Sender<Option<String>>);
        impl Drop for Tell {
            fn drop(&mut self) {
                let name = std::thread::current().name().map(str::to_owned);
                let _ = self.0.send(name);
            }
        }
        let here = std::thread::current().name().map(str::to_owned);
        let (send, receive) = std::sync::mpsc::channel();
        free(false, Tell(send.clone()));
        assert_eq!(receive.recv().unwrap(), here);
        free(true, Tell(send));
        let dropped_on = receive.recv().unwrap();
        if threads() > 1 {
            assert_eq!(dropped_on.as_deref(), Some("layout-free"));
        } else {
            assert_eq!(dropped_on, here);
        }
    }

    #[test]
    fn a_panic_in_a_helper_thread_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            map(
                64,
                1,
                1,
                || (),
                |_, k| assert!(k != 50, "item {k}"),
                &mut |_| {},
            )
        });
        assert!(caught.is_err());
    }
}
