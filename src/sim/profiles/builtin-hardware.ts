import type { z } from 'zod';
import type { hardwareProfileSchema } from './schemas.js';

type HardwareInput = z.input<typeof hardwareProfileSchema>;

const GB = 1e9;
const TB = 1e12;

/**
 * All-reduce latencies from NCCL's cost model (NVIDIA/nccl
 * `src/graph/tuning.cc` at 01afd20a77b5804e0ecf1042509dd9d20ebf9e93, ring
 * algorithm, LL protocol, the one NCCL picks for the small messages of a
 * decode step): 3.6 µs base latency, and per ring step 0.47 µs over NVLink,
 * 1.0 µs over PCIe.
 */
const NCCL_RING_LL_BASE_US = 3.6;
const NCCL_NVLINK_STEP_US = 0.47;
const NCCL_PCIE_STEP_US = 1.0;

/**
 * vLLM's custom all-reduce on H100 SXM, as measured and published in
 * sgl-project/sglang pull request #2904 (2025-01-15, `tests/test_trt_reduce.py`,
 * the "vllm" table, without CUDA graphs), at tensor parallel 2, 4 and 8:
 * the kernel vLLM uses over NVLink for messages up to 8 MB, so for every
 * decode step's all-reduces. At these sizes it costs 2–4× NCCL's ring
 * model (synchronisation across the GPUs, not bandwidth). Larger messages
 * (a prefill step's, tens of MB) go to NCCL and its model.
 */
const H100_VLLM_CUSTOM_ALL_REDUCE = {
  source: 'sgl-project/sglang pull request #2904, "vllm" table (H100, no CUDA graph)',
  kernel: 'vLLM custom all-reduce',
  latencyUsByDevices: {
    '2': [
      [512, 9.5],
      [4096, 8.8],
      [32768, 8.7],
      [262144, 12.9],
      [524288, 17.7],
      [1048576, 26.6],
    ] as Array<[number, number]>,
    '4': [
      [512, 9.1],
      [4096, 8.5],
      [32768, 9.2],
      [262144, 20.6],
      [524288, 26.9],
      [1048576, 40.2],
    ] as Array<[number, number]>,
    '8': [
      [512, 10.1],
      [4096, 9.3],
      [32768, 11.8],
      [262144, 24.1],
      [524288, 30.4],
      [1048576, 45.0],
    ] as Array<[number, number]>,
  },
};

/**
 * Per-layer fixed cost of a GPU step: calibrated (docs/simulator.md,
 * Fidelity) on one point, Llama 3 8B on one H100 in a burst of 10, and
 * then held for every GPU profile; not a spec-sheet figure.
 */
const GPU_PER_LAYER_MS = 0.03;

/**
 * Share of peak dense BF16 FLOP/s a prefill step reaches on an H100-class
 * die (H100 SXM, and H200 SXM, the same GH100 compute at the same clocks):
 * calibrated on one published run outside the fidelity set's validation
 * points, Mistral Nemo 12B on one H100 under vLLM 0.6.0 in Lambda's burst of
 * 80 (LambdaLabsML/vllm-benchmark @ a4f9f437,
 * results/prompt_80/1xH100-80GB-SXM/Mistral-Nemo-Instruct-2407_tp1_len2048.json):
 * its per-request TTFTs fall in groups, one per 2,048-token prefill step,
 * each returned with the next step's outputs (vLLM 0.6's asynchronous output
 * processing, `serving.asyncOutputProcessing`), so the 682 ms from the first
 * group to the second-last are the ten steps after the first two, which
 * prefill the burst's ~16,600 other prompt tokens; 0.56 of 989 TFLOP/s
 * replays that span (687 ms to the last group, against 684 simulated).
 * Before the output lag was modelled the same span was read as ten steps
 * of 18,554 tokens, which gave 0.62. docs/simulator.md, Fidelity.
 */
const H100_PREFILL_EFFICIENCY = 0.56;

/**
 * Extra cost of a tensor-parallel step that runs prompt tokens on H100-class
 * NVLink 4 hosts (`interconnect.prefillStepOverheadMs`), calibrated on
 * points that validate nothing: Lambda's Llama 3 8B on 4 x H100 at TP 4
 * under vLLM 0.6.0, bursts of 10, 40 and 80 (LambdaLabsML/vllm-benchmark @
 * a4f9f437, results/prompt_{10,40,80}/4xH100-80GB-SXM/Meta-Llama-3-8B-Instruct_tp4_len2048.json;
 * the same host and day as the 70B validation points). Their prefill-step
 * gaps exceed the roofline (eager prefill across four lock-stepped ranks:
 * launch gaps and synchronisation at each all-reduce; the mechanism is not
 * traced), and with asynchronous output processing and the API server
 * fitted as in docs/simulator.md, 12 ms fits their median TTFTs best
 * (+6 / -3 / +1 % at bursts 10 / 40 / 80; 10-14 ms keeps all three within
 * ±10 %). Carried to the H200 (same link, same compute) as an
 * extrapolation, and applied at any TP > 1 although it was measured at TP 4.
 */
const NVLINK4_TP_PREFILL_STEP_MS = 12;

const A100_DATASHEET =
  'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf';

/** Both A100 SXM profiles: third-generation NVLink, 600 GB/s per GPU in total (datasheet). */
const A100_NVLINK = {
  name: 'NVLink 3 (600 GB/s total, 300 GB/s per direction)',
  source: A100_DATASHEET,
  bandwidthBytesPerS: 300 * GB,
  allReduceBaseLatencyUs: NCCL_RING_LL_BASE_US,
  allReduceStepLatencyUs: NCCL_NVLINK_STEP_US,
};

/**
 * Bundled hardware profiles. Memory, bandwidth and FLOP/s come from the
 * vendors' spec sheets (URLs in `source`, cited in docs/simulator.md); the
 * efficiency factors and step overheads are calibration assumptions,
 * documented there too.
 */
export const BUILTIN_HARDWARE: Record<string, HardwareInput> = {
  'h100-sxm': {
    displayName: 'NVIDIA H100 SXM5 80GB',
    source: 'https://www.nvidia.com/en-us/data-center/h100/',
    memoryBytes: 80 * GB,
    memoryBandwidthBytesPerS: 3.35 * TB,
    denseFlopsPerS: 989e12,
    computeEfficiency: H100_PREFILL_EFFICIENCY,
    bandwidthEfficiency: 0.85,
    stepOverheadMs: 1.0,
    perSequenceOverheadMs: 0.03,
    perLayerOverheadMs: GPU_PER_LAYER_MS,
    interconnect: {
      name: 'NVLink 4 (900 GB/s total, 450 GB/s per direction)',
      source: 'https://www.nvidia.com/en-us/data-center/h100/',
      bandwidthBytesPerS: 450 * GB,
      allReduceBaseLatencyUs: NCCL_RING_LL_BASE_US,
      allReduceStepLatencyUs: NCCL_NVLINK_STEP_US,
      smallAllReduce: H100_VLLM_CUSTOM_ALL_REDUCE,
      prefillStepOverheadMs: NVLINK4_TP_PREFILL_STEP_MS,
    },
  },
  'h200-sxm': {
    displayName: 'NVIDIA H200 SXM 141GB',
    source: 'https://www.nvidia.com/en-us/data-center/h200/',
    memoryBytes: 141 * GB,
    memoryBandwidthBytesPerS: 4.8 * TB,
    denseFlopsPerS: 989e12,
    computeEfficiency: H100_PREFILL_EFFICIENCY,
    bandwidthEfficiency: 0.85,
    stepOverheadMs: 1.0,
    perSequenceOverheadMs: 0.03,
    perLayerOverheadMs: GPU_PER_LAYER_MS,
    interconnect: {
      name: 'NVLink 4 (900 GB/s total, 450 GB/s per direction)',
      source: 'https://www.nvidia.com/en-us/data-center/h200/',
      bandwidthBytesPerS: 450 * GB,
      allReduceBaseLatencyUs: NCCL_RING_LL_BASE_US,
      allReduceStepLatencyUs: NCCL_NVLINK_STEP_US,
      smallAllReduce: H100_VLLM_CUSTOM_ALL_REDUCE,
      prefillStepOverheadMs: NVLINK4_TP_PREFILL_STEP_MS,
    },
  },
  'a100-80gb': {
    displayName: 'NVIDIA A100 SXM 80GB',
    source: A100_DATASHEET,
    memoryBytes: 80 * GB,
    memoryBandwidthBytesPerS: 2.039 * TB,
    denseFlopsPerS: 312e12,
    computeEfficiency: 0.6,
    bandwidthEfficiency: 0.85,
    stepOverheadMs: 1.2,
    perSequenceOverheadMs: 0.03,
    perLayerOverheadMs: GPU_PER_LAYER_MS,
    interconnect: A100_NVLINK,
  },
  'a100-40gb': {
    displayName: 'NVIDIA A100 SXM 40GB',
    source: A100_DATASHEET,
    memoryBytes: 40 * GB,
    memoryBandwidthBytesPerS: 1.555 * TB,
    denseFlopsPerS: 312e12,
    computeEfficiency: 0.6,
    bandwidthEfficiency: 0.85,
    stepOverheadMs: 1.2,
    perSequenceOverheadMs: 0.03,
    perLayerOverheadMs: GPU_PER_LAYER_MS,
    interconnect: A100_NVLINK,
  },
  l4: {
    displayName: 'NVIDIA L4 24GB',
    source: 'https://www.nvidia.com/en-us/data-center/l4/',
    memoryBytes: 24 * GB,
    memoryBandwidthBytesPerS: 300 * GB,
    denseFlopsPerS: 121e12,
    computeEfficiency: 0.5,
    bandwidthEfficiency: 0.8,
    stepOverheadMs: 1.5,
    perLayerOverheadMs: GPU_PER_LAYER_MS,
    interconnect: {
      name: 'PCIe Gen4 x16 (64 GB/s total, 32 GB/s per direction)',
      source: 'https://www.nvidia.com/en-us/data-center/l4/',
      bandwidthBytesPerS: 32 * GB,
      allReduceBaseLatencyUs: NCCL_RING_LL_BASE_US,
      allReduceStepLatencyUs: NCCL_PCIE_STEP_US,
    },
  },
  'cpu-xeon-8480': {
    displayName: 'Intel Xeon Platinum 8480+ (1 socket, AMX, 8x DDR5-4800, 512 GB)',
    source:
      'https://www.intel.com/content/www/us/en/products/sku/231746/intel-xeon-platinum-8480-processor-105m-cache-2-00-ghz/specifications.html',
    memoryBytes: 512 * GB,
    // 8 channels x 4800 MT/s x 8 bytes.
    memoryBandwidthBytesPerS: 307.2 * GB,
    // Derived, not on the sheet: 56 cores x 2.0 GHz x 1024 BF16 FLOP/cycle (AMX).
    denseFlopsPerS: 114.7e12,
    computeEfficiency: 0.25,
    bandwidthEfficiency: 0.6,
    stepOverheadMs: 3,
  },
  'decode-asic': {
    displayName: 'Wafer-scale decode accelerator (Cerebras CS-3 / WSE-3 figures)',
    source: 'https://www.cerebras.ai/product-chip/',
    memoryBytes: 44 * GB,
    memoryBandwidthBytesPerS: 21_000 * TB,
    // Cerebras quotes 125 PFLOPS peak AI compute (sparse); taken at a quarter as a dense estimate.
    denseFlopsPerS: 31e15,
    computeEfficiency: 0.05,
    // Calibrated so Llama 3.1 8B decodes at ~1,800 tokens/s per stream, Cerebras's published figure.
    bandwidthEfficiency: 0.003,
    stepOverheadMs: 0.3,
    interconnectEfficiency: 0.7,
  },
};
