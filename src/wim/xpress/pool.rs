//! A fixed set of threads compressing independent chunks: the caller numbers chunks as it
//! submits them and gets them back, compressed, in any order.
//!
//! The threads live as long as the pool, so a stream of many files costs one spawn per
//! thread, not one per file. Memory is bounded by the caller, which limits how many chunks
//! it keeps in flight.
//!
//! Finished chunks wait in a queue the caller can wait on for several at once
//! ([`ChunkPool::recv_at_least`]): a caller that refills the workers in batches is woken
//! once per batch, not once per chunk, which on a machine with as many workers as cores
//! saves a context switch per chunk.

use std::collections::VecDeque;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::compress::{Compressor, Params};

/// A chunk back from the pool.
pub struct Done {
    /// The number it was submitted with.
    pub seq: u64,
    /// The input, returned for reuse.
    pub data: Vec<u8>,
    /// The compressed chunk, when smaller than the input (else the buffer, to reuse).
    pub packed: Result<Vec<u8>, Vec<u8>>,
}

/// The pool stopped: a worker panicked.
#[derive(Debug)]
pub struct Stopped;

type Job = (u64, Vec<u8>, Vec<u8>);

/// Finished chunks and what the caller waits for.
struct Finished {
    chunks: VecDeque<Done>,
    /// Chunks the caller waits for (0 = it is not waiting): workers wake it only then.
    wanted: usize,
    /// Workers still running; none left means nothing more will arrive.
    live: usize,
}

struct Shared {
    finished: Mutex<Finished>,
    ready: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Finished> {
        // A worker never panics while holding the lock: the state stays consistent.
        self.finished.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Counts a worker out when it ends, normally or by a panic, so the caller stops waiting.
struct LiveGuard(Arc<Shared>);

impl Drop for LiveGuard {
    fn drop(&mut self) {
        let mut f = self.0.lock();
        f.live -= 1;
        drop(f);
        self.0.ready.notify_all();
    }
}

/// Worker threads, each with its own [`Compressor`].
pub struct ChunkPool {
    jobs: Option<SyncSender<Job>>,
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl ChunkPool {
    /// Starts `threads` (at least 1) workers compressing with `params`; at most `queue`
    /// chunks wait for a worker.
    pub fn new(threads: usize, params: Params, queue: usize) -> Self {
        let (jobs, job_rx) = sync_channel::<Job>(queue.max(1));
        let job_rx = Arc::new(Mutex::new(job_rx));
        let threads = threads.max(1);
        let shared = Arc::new(Shared {
            finished: Mutex::new(Finished {
                chunks: VecDeque::new(),
                wanted: 0,
                live: threads,
            }),
            ready: Condvar::new(),
        });
        let workers = (0..threads)
            .map(|_| {
                let rx = Arc::clone(&job_rx);
                let guard = LiveGuard(Arc::clone(&shared));
                std::thread::spawn(move || {
                    let shared = Arc::clone(&guard.0);
                    let mut c = Compressor::with(params);
                    loop {
                        let job = match rx.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        let Ok((seq, data, mut out)) = job else {
                            return;
                        };
                        let packed = if c.compress(&data, &mut out) {
                            Ok(out)
                        } else {
                            Err(out)
                        };
                        let mut f = shared.lock();
                        f.chunks.push_back(Done { seq, data, packed });
                        let wake = f.wanted != 0 && f.chunks.len() >= f.wanted;
                        drop(f);
                        if wake {
                            shared.ready.notify_one();
                        }
                    }
                })
            })
            .collect();
        ChunkPool {
            jobs: Some(jobs),
            shared,
            workers,
        }
    }

    /// Queues chunk `seq`; `out` is a buffer for the result. Blocks while the queue is full.
    pub fn submit(&self, seq: u64, data: Vec<u8>, out: Vec<u8>) -> Result<(), Stopped> {
        match &self.jobs {
            Some(tx) => tx.send((seq, data, out)).map_err(|_| Stopped),
            None => Err(Stopped),
        }
    }

    /// Waits until at least `n` (at least 1) compressed chunks are ready and appends all
    /// ready ones to `into`.
    pub fn recv_at_least(&self, n: usize, into: &mut Vec<Done>) -> Result<(), Stopped> {
        let n = n.max(1);
        let mut f = self.shared.lock();
        while f.chunks.len() < n {
            if f.live == 0 {
                return Err(Stopped);
            }
            f.wanted = n;
            f = self.shared.ready.wait(f).unwrap_or_else(|e| e.into_inner());
        }
        f.wanted = 0;
        into.extend(f.chunks.drain(..));
        Ok(())
    }

    /// Appends the compressed chunks that are ready, without waiting, to `into`.
    pub fn try_recv(&self, into: &mut Vec<Done>) -> Result<(), Stopped> {
        let mut f = self.shared.lock();
        if f.chunks.is_empty() && f.live == 0 {
            return Err(Stopped);
        }
        into.extend(f.chunks.drain(..));
        Ok(())
    }
}

impl Drop for ChunkPool {
    fn drop(&mut self) {
        // Closing the queue ends each worker after its current chunk.
        self.jobs = None;
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}
