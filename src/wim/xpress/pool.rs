//! A fixed set of threads compressing independent chunks: the caller numbers chunks as it
//! submits them and gets them back, compressed, in any order.
//!
//! The threads live as long as the pool, so a stream of many files costs one spawn per
//! thread, not one per file. Memory is bounded by the caller, which limits how many chunks
//! it keeps in flight.

use std::sync::mpsc::{Receiver, Sender, SyncSender, TryRecvError, channel, sync_channel};
use std::sync::{Arc, Mutex};
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

/// Worker threads, each with its own [`Compressor`].
pub struct ChunkPool {
    jobs: Option<SyncSender<Job>>,
    done: Receiver<Done>,
    workers: Vec<JoinHandle<()>>,
}

impl ChunkPool {
    /// Starts `threads` (at least 1) workers compressing with `params`; at most `queue`
    /// chunks wait for a worker.
    pub fn new(threads: usize, params: Params, queue: usize) -> Self {
        let (jobs, job_rx) = sync_channel::<Job>(queue.max(1));
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done) = channel::<Done>();
        let workers = (0..threads.max(1))
            .map(|_| {
                let rx = Arc::clone(&job_rx);
                let tx: Sender<Done> = done_tx.clone();
                std::thread::spawn(move || {
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
                        if tx.send(Done { seq, data, packed }).is_err() {
                            return;
                        }
                    }
                })
            })
            .collect();
        ChunkPool {
            jobs: Some(jobs),
            done,
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

    /// The next compressed chunk, waiting for one.
    pub fn recv(&self) -> Result<Done, Stopped> {
        self.done.recv().map_err(|_| Stopped)
    }

    /// The next compressed chunk if one is ready.
    pub fn try_recv(&self) -> Result<Option<Done>, Stopped> {
        match self.done.try_recv() {
            Ok(d) => Ok(Some(d)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(Stopped),
        }
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
