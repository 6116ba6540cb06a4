/**
 * What a device draws and costs to rent, for placement economics (hardware
 * cost and energy per task). Per device; a replica with tensor parallelism
 * T uses T devices. Power is the vendor's published maximum (TDP / board
 * power), so energy figures are upper bounds; hourly prices are typical
 * on-demand rents of specialty GPU clouds, which vary 2-4x between
 * providers: set your own with `economics` on a deployment.
 */
export interface DeviceEconomics {
  powerWatts: number;
  powerSource: string;
  /** Typical on-demand rent per device-hour; absent when no public figure exists. */
  costPerHourUsd?: number;
  costSource?: string;
}

/** Specialty-tier midpoints of the May 2026 ranges in Mercatus's cloud GPU pricing guide. */
const PRICE_GUIDE = 'https://www.mercatus-ai.com/blog/cloud-gpu-pricing (May 2026, specialty tier, midpoint)';

export const DEVICE_ECONOMICS: Record<string, DeviceEconomics> = {
  'h100-sxm': {
    powerWatts: 700,
    powerSource: 'NVIDIA H100 datasheet: max TDP 700 W (SXM)',
    costPerHourUsd: 3.0,
    costSource: `${PRICE_GUIDE}: $2.50-3.50`,
  },
  'h200-sxm': {
    powerWatts: 700,
    powerSource: 'NVIDIA H200 datasheet: max TDP up to 700 W (SXM)',
    costPerHourUsd: 4.0,
    costSource: `${PRICE_GUIDE}: $3.50-4.50`,
  },
  'a100-80gb': {
    powerWatts: 400,
    powerSource: 'NVIDIA A100 datasheet: max TDP 400 W (SXM)',
    costPerHourUsd: 1.3,
    costSource: `${PRICE_GUIDE}: $1.10-1.50`,
  },
  'a100-40gb': {
    powerWatts: 400,
    powerSource: 'NVIDIA A100 datasheet: max TDP 400 W (SXM)',
  },
  l4: {
    powerWatts: 72,
    powerSource: 'NVIDIA L4 datasheet: max board power 72 W',
  },
  'cpu-xeon-8480': {
    powerWatts: 350,
    powerSource: 'Intel Xeon Platinum 8480+ specifications: TDP 350 W',
  },
  'decode-asic': {
    powerWatts: 23_000,
    powerSource: 'Cerebras CS-3 system: 23 kW (Cerebras product page); one system per replica device',
  },
};
