/**
 * Writes a tiny random-weight llama-architecture GGUF (about 0.5 MB) with a byte-level BPE
 * vocabulary and a ChatML chat template, for exercising the in-process GGUF provider without
 * downloading a model. With `repeatToken`, the output head is rigged so greedy decoding emits
 * that byte over and over, which makes the generated text predictable.
 */
import fs from 'node:fs';

const TYPE = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;
const EMBED = 64;
const HEADS = 4;
const FFN = 128;
const LAYERS = 2;
const ALIGN = 32;

/** GPT-2's byte → printable-unicode mapping (token id = byte value). */
function byteTokens(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const set = new Set(printable);
  const tokens: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) tokens[b] = set.has(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  return tokens;
}

class Writer {
  private chunks: Buffer[] = [];
  size = 0;
  push(b: Buffer) {
    this.chunks.push(b);
    this.size += b.length;
  }
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(align: number) {
    const rem = this.size % align;
    if (rem) this.push(Buffer.alloc(align - rem));
  }
  buffer() {
    return Buffer.concat(this.chunks);
  }
}

type KV = [string, 'u32' | 'f32' | 'str' | 'bool', number | string | boolean] | [string, 'strs', string[]] | [string, 'i32s', number[]];

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TinyGgufOptions {
  /** Byte value the model should emit repeatedly (e.g. 97 for "a"). */
  repeatToken?: number;
  seed?: number;
}

export function writeTinyGguf(file: string, opts: TinyGgufOptions = {}): void {
  const tokens = [...byteTokens(), '<|endoftext|>', '<|im_start|>', '<|im_end|>'];
  const vocab = tokens.length;
  const chatTemplate =
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
  const kvs: KV[] = [
    ['general.architecture', 'str', 'llama'],
    ['general.name', 'str', 'clinic-tiny-test'],
    ['llama.context_length', 'u32', 2048],
    ['llama.embedding_length', 'u32', EMBED],
    ['llama.block_count', 'u32', LAYERS],
    ['llama.feed_forward_length', 'u32', FFN],
    ['llama.attention.head_count', 'u32', HEADS],
    ['llama.attention.head_count_kv', 'u32', HEADS],
    ['llama.attention.layer_norm_rms_epsilon', 'f32', 1e-5],
    ['tokenizer.ggml.model', 'str', 'gpt2'],
    ['tokenizer.ggml.pre', 'str', 'default'],
    ['tokenizer.ggml.tokens', 'strs', tokens],
    ['tokenizer.ggml.token_type', 'i32s', tokens.map((_, i) => (i < 256 ? 1 : 3))],
    ['tokenizer.ggml.merges', 'strs', []],
    ['tokenizer.ggml.bos_token_id', 'u32', 256],
    ['tokenizer.ggml.eos_token_id', 'u32', 258],
    ['tokenizer.chat_template', 'str', chatTemplate],
  ];
  const rand = mulberry32(opts.seed ?? 1234);
  const randn = (n: number) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * 0.1);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const tensors: Array<[string, number[], Float32Array]> = [];
  const embd = randn(EMBED * vocab);
  const out = randn(EMBED * vocab);
  if (opts.repeatToken !== undefined) {
    // Dimension 0 of every embedding is 1 and only the chosen token's output row reads it
    // strongly, so after the final norm that token always has the highest logit.
    for (let t = 0; t < vocab; t++) embd[t * EMBED] = 1;
    for (let t = 0; t < vocab; t++) out[t * EMBED] = t === opts.repeatToken ? 5 : 0;
  }
  tensors.push(['token_embd.weight', [EMBED, vocab], embd]);
  tensors.push(['output_norm.weight', [EMBED], ones(EMBED)]);
  tensors.push(['output.weight', [EMBED, vocab], out]);
  for (let l = 0; l < LAYERS; l++) {
    tensors.push([`blk.${l}.attn_norm.weight`, [EMBED], ones(EMBED)]);
    tensors.push([`blk.${l}.ffn_norm.weight`, [EMBED], ones(EMBED)]);
    for (const n of ['attn_q', 'attn_k', 'attn_v', 'attn_output']) tensors.push([`blk.${l}.${n}.weight`, [EMBED, EMBED], randn(EMBED * EMBED)]);
    tensors.push([`blk.${l}.ffn_gate.weight`, [EMBED, FFN], randn(EMBED * FFN)]);
    tensors.push([`blk.${l}.ffn_up.weight`, [EMBED, FFN], randn(EMBED * FFN)]);
    tensors.push([`blk.${l}.ffn_down.weight`, [FFN, EMBED], randn(FFN * EMBED)]);
  }

  const w = new Writer();
  w.push(Buffer.from('GGUF'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.length);
  for (const [key, kind, value] of kvs) {
    w.str(key);
    if (kind === 'u32') (w.u32(TYPE.U32), w.u32(value as number));
    else if (kind === 'f32') (w.u32(TYPE.F32), w.f32(value as number));
    else if (kind === 'bool') (w.u32(TYPE.BOOL), w.push(Buffer.from([value ? 1 : 0])));
    else if (kind === 'str') (w.u32(TYPE.STRING), w.str(value as string));
    else if (kind === 'strs') {
      w.u32(TYPE.ARRAY);
      w.u32(TYPE.STRING);
      w.u64((value as string[]).length);
      for (const s of value as string[]) w.str(s);
    } else {
      w.u32(TYPE.ARRAY);
      w.u32(TYPE.I32);
      w.u64((value as number[]).length);
      for (const v of value as number[]) w.i32(v);
    }
  }
  let offset = 0;
  for (const [name, dims, data] of tensors) {
    w.str(name);
    w.u32(dims.length);
    for (const d of dims) w.u64(d);
    w.u32(0);
    w.u64(offset);
    offset += Math.ceil((data.length * 4) / ALIGN) * ALIGN;
  }
  w.pad(ALIGN);
  for (const [, , data] of tensors) {
    w.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    w.pad(ALIGN);
  }
  fs.writeFileSync(file, w.buffer());
}
