//! The embedded model: a GGUF file run by llama.cpp (through `llama-cpp-2`)
//! on one dedicated thread. Requests queue on a channel; each is read into
//! the KV-cache sequence that already holds the longest prefix of it
//! (`slots`), so a bot's next turn reads only what changed, then answered
//! with the model's own chat template and seeded sampling.

mod slots;

use super::{Completion, ProviderConfig, ProviderError};
use engine::prompt::Prompt;
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use slots::{N_CTX, SLOTS, Slots};
use std::num::NonZeroU32;
use std::sync::mpsc;
use tokio::sync::oneshot;

/// One request's window: the prompt (≈ 400–700 tokens) plus the reply.
const REQUEST_CTX: usize = 2048;
/// Prompt tokens decoded per batch.
const N_BATCH: usize = 512;

struct Job {
    prompt: Prompt,
    seed: u64,
    reply: oneshot::Sender<Result<Completion, ProviderError>>,
}

pub struct LocalProvider {
    jobs: mpsc::Sender<Job>,
    pub model: String,
}

impl LocalProvider {
    /// Loads the model on its own thread; fails if the file cannot be loaded.
    pub fn start(c: &ProviderConfig) -> anyhow::Result<Self> {
        let path = c.options.model_path.clone().ok_or_else(|| {
            anyhow::anyhow!("llm.providers '{}': model_path: required for kind 'local' (run `make model`)", c.name)
        })?;
        if !path.is_file() {
            anyhow::bail!(
                "llm.providers '{}': model_path: {} does not exist (run `make model` to fetch the default model)",
                c.name,
                path.display()
            );
        }
        let model_name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "local".into());
        let threads = (c.options.threads.max(1) as i32, c.options.batch_threads.max(1) as i32);
        let (jobs, rx) = mpsc::channel::<Job>();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        std::thread::Builder::new().name("piyasa-llm".into()).spawn(move || {
            let loaded = (|| -> Result<(LlamaBackend, LlamaModel), String> {
                let mut backend = LlamaBackend::init().map_err(|e| e.to_string())?;
                backend.void_logs();
                let model = LlamaModel::load_from_file(&backend, &path, &LlamaModelParams::default())
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok((backend, model))
            })();
            let (backend, model) = match loaded {
                Ok(v) => v,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let params = LlamaContextParams::default()
                .with_n_ctx(NonZeroU32::new(N_CTX as u32))
                .with_n_batch(N_BATCH as u32)
                .with_n_seq_max(SLOTS as u32)
                .with_kv_unified(true)
                .with_n_threads(threads.0)
                .with_n_threads_batch(threads.1);
            let mut ctx = match model.new_context(&backend, params) {
                Ok(ctx) => ctx,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                    return;
                }
            };
            let _ = ready_tx.send(Ok(()));
            let mut slots = Slots::new(SLOTS, N_CTX);
            while let Ok(job) = rx.recv() {
                let out = generate(&model, &mut ctx, &mut slots, &job.prompt, job.seed);
                let _ = job.reply.send(out);
            }
        })?;
        ready_rx
            .recv()?
            .map_err(|e| anyhow::anyhow!("llm.providers '{}': model_path: cannot load the model: {e}", c.name))?;
        Ok(LocalProvider { jobs, model: model_name })
    }

    pub async fn complete(&self, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Job { prompt: prompt.clone(), seed, reply: tx })
            .map_err(|_| ProviderError::Unavailable("the local model thread has stopped".into()))?;
        rx.await.map_err(|_| ProviderError::Unavailable("the local model thread has stopped".into()))?
    }
}

fn generate(
    model: &LlamaModel,
    ctx: &mut LlamaContext<'_>,
    slots: &mut Slots,
    prompt: &Prompt,
    seed: u64,
) -> Result<Completion, ProviderError> {
    let fail = |e: String| ProviderError::Malformed(e);
    let template = model.chat_template(None).map_err(|e| fail(e.to_string()))?;
    let chat = [
        LlamaChatMessage::new("system".into(), prompt.system.clone()).map_err(|e| fail(e.to_string()))?,
        LlamaChatMessage::new("user".into(), prompt.user.clone()).map_err(|e| fail(e.to_string()))?,
    ];
    let text = model.apply_chat_template(&template, &chat, true).map_err(|e| fail(e.to_string()))?;
    let tokens = model.vocab().tokenize(text.as_bytes(), false, true);
    let max_prompt = REQUEST_CTX - prompt.max_tokens as usize - 8;
    let tokens = if tokens.len() > max_prompt { tokens[tokens.len() - max_prompt..].to_vec() } else { tokens };
    let ids: Vec<i32> = tokens.iter().map(|t| t.0).collect();
    let reserve = prompt.max_tokens as usize + 8;
    let mut outcome = Err(String::new());
    // A failed read (say, no room left in a fragmented cache) is tried once
    // more on an emptied cache.
    for fresh in [false, true] {
        if fresh {
            ctx.clear_kv_cache();
            *slots = Slots::new(SLOTS, N_CTX);
        }
        let plan = slots.plan(&ids, reserve);
        for s in &plan.evict {
            let _ = ctx.clear_kv_cache_seq(Some(*s as u32), None, None);
        }
        let mut keep = plan.keep;
        if ctx.clear_kv_cache_seq(Some(plan.seq as u32), Some(keep as u32), None) != Ok(true) {
            let _ = ctx.clear_kv_cache_seq(Some(plan.seq as u32), None, None);
            keep = 0;
        }
        outcome = answer(model, ctx, &tokens, keep, plan.seq as i32, prompt.max_tokens, seed);
        // The reply leaves the cache; the prompt stays for the bot's next turn.
        let _ = ctx.clear_kv_cache_seq(Some(plan.seq as u32), Some(tokens.len() as u32), None);
        match &outcome {
            Ok(_) => {
                slots.commit(plan.seq, ids);
                break;
            }
            Err(_) => {
                let _ = ctx.clear_kv_cache_seq(Some(plan.seq as u32), None, None);
                slots.forget(plan.seq);
            }
        }
    }
    let (mut out, produced) = outcome.map_err(fail)?;
    // A reply cut at its token limit may end inside a character (an emoji's
    // first bytes): those bytes go, rather than showing as "�".
    if let Err(e) = std::str::from_utf8(&out)
        && e.error_len().is_none()
    {
        out.truncate(e.valid_up_to());
    }
    let text = String::from_utf8_lossy(&out).trim().to_string();
    if text.is_empty() {
        return Err(ProviderError::Empty);
    }
    Ok(Completion { text, model: "local".into(), tokens_in: tokens.len() as u32, tokens_out: produced })
}

/// Reads `tokens[keep..]` into sequence `seq` (the rest is in the cache
/// already) and samples the reply: its bytes and its token count.
fn answer(
    model: &LlamaModel,
    ctx: &mut LlamaContext<'_>,
    tokens: &[LlamaToken],
    keep: usize,
    seq: i32,
    max_tokens: u32,
    seed: u64,
) -> Result<(Vec<u8>, u32), String> {
    let vocab = model.vocab();
    let started = std::time::Instant::now();
    let mut batch = LlamaBatch::new(N_BATCH, 1);
    for chunk_start in (keep..tokens.len()).step_by(N_BATCH) {
        batch.clear();
        let end = (chunk_start + N_BATCH).min(tokens.len());
        for (pos, t) in tokens.iter().enumerate().take(end).skip(chunk_start) {
            batch.add(*t, pos as i32, &[seq], pos == tokens.len() - 1).map_err(|e| e.to_string())?;
        }
        ctx.decode(&mut batch).map_err(|e| e.to_string())?;
    }
    let prompt_ms = started.elapsed().as_millis() as u64;
    let mut sampler = LlamaSampler::chain_simple([
        LlamaSampler::penalties(vocab.n_tokens(), 64, 1.15, 0.0, 0.0),
        LlamaSampler::top_k(40),
        LlamaSampler::top_p(0.9, 1),
        LlamaSampler::temp(super::TEMPERATURE),
        LlamaSampler::dist(seed as u32),
    ]);
    let mut out = Vec::new();
    let mut pos = tokens.len() as i32;
    let mut produced = 0u32;
    while produced < max_tokens {
        let token = sampler.sample(ctx, batch.n_tokens() - 1);
        sampler.accept(token);
        if vocab.is_eog(token) {
            break;
        }
        out.extend(vocab.token_to_piece(token, false, None));
        produced += 1;
        // A chat line ends at the first blank line.
        if out.ends_with(b"\n\n") {
            break;
        }
        batch.clear();
        batch.add(token, pos, &[seq], true).map_err(|e| e.to_string())?;
        pos += 1;
        ctx.decode(&mut batch).map_err(|e| e.to_string())?;
    }
    let gen_ms = started.elapsed().as_millis() as u64 - prompt_ms;
    tracing::debug!(
        tokens_in = tokens.len(),
        tokens_reused = keep,
        prompt_ms,
        tokens_out = produced,
        gen_ms,
        "local generation"
    );
    Ok((out, produced))
}
