//! The embedded model: a GGUF file run by llama.cpp (through `llama-cpp-2`)
//! on one dedicated thread. Requests queue on a channel; each gets a fresh KV
//! cache, the model's own chat template and seeded sampling.

use super::{Completion, ProviderConfig, ProviderError};
use engine::prompt::Prompt;
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use std::num::NonZeroU32;
use std::sync::mpsc;
use tokio::sync::oneshot;

/// Context window: the prompt (≈ 400–700 tokens) plus the reply.
const N_CTX: u32 = 2048;
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
                Ok(v) => {
                    let _ = ready_tx.send(Ok(()));
                    v
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            while let Ok(job) = rx.recv() {
                let out = generate(&backend, &model, threads, &job.prompt, job.seed);
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
    backend: &LlamaBackend,
    model: &LlamaModel,
    threads: (i32, i32),
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
    let params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(N_CTX))
        .with_n_batch(N_BATCH as u32)
        .with_n_threads(threads.0)
        .with_n_threads_batch(threads.1);
    let mut ctx = model.new_context(backend, params).map_err(|e| fail(e.to_string()))?;
    let vocab = model.vocab();
    let tokens = vocab.tokenize(text.as_bytes(), false, true);
    let max_prompt = N_CTX as usize - prompt.max_tokens as usize - 8;
    let tokens = if tokens.len() > max_prompt { tokens[tokens.len() - max_prompt..].to_vec() } else { tokens };
    let started = std::time::Instant::now();
    let mut batch = LlamaBatch::new(N_BATCH.max(tokens.len()), 1);
    for chunk_start in (0..tokens.len()).step_by(N_BATCH) {
        batch.clear();
        let end = (chunk_start + N_BATCH).min(tokens.len());
        for (i, t) in tokens[chunk_start..end].iter().enumerate() {
            let pos = (chunk_start + i) as i32;
            batch.add(*t, pos, &[0], pos as usize == tokens.len() - 1).map_err(|e| fail(e.to_string()))?;
        }
        ctx.decode(&mut batch).map_err(|e| fail(e.to_string()))?;
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
    while produced < prompt.max_tokens {
        let token = sampler.sample(&ctx, batch.n_tokens() - 1);
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
        batch.add(token, pos, &[0], true).map_err(|e| fail(e.to_string()))?;
        pos += 1;
        ctx.decode(&mut batch).map_err(|e| fail(e.to_string()))?;
    }
    let gen_ms = started.elapsed().as_millis() as u64 - prompt_ms;
    tracing::debug!(tokens_in = tokens.len(), prompt_ms, tokens_out = produced, gen_ms, "local generation");
    let text = String::from_utf8_lossy(&out).trim().to_string();
    if text.is_empty() {
        return Err(ProviderError::Empty);
    }
    Ok(Completion { text, model: "local".into(), tokens_in: tokens.len() as u32, tokens_out: produced })
}
