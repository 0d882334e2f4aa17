/** What the relay tells the person starting it: which camera it found, and what to type on the tablet. */
import { networkInterfaces } from 'node:os'
import QRCode from 'qrcode'

/** The usual addresses in the camera's own Wi-Fi: THETA, then Insta360. */
export const USUAL_CAMERAS = ['http://192.168.1.1', 'http://192.168.42.1']

export interface FoundCamera {
  url: string
  model: string
  serialNumber: string
}

/** Asks `/osc/info` at each address; the first that answers as an OSC camera wins. */
export async function findCamera(candidates: string[] = USUAL_CAMERAS, timeoutMs = 2000): Promise<FoundCamera | null> {
  for (const url of candidates) {
    try {
      const res = await fetch(`${url}/osc/info`, { signal: AbortSignal.timeout(timeoutMs) })
      const info = (await res.json()) as { model?: unknown; serialNumber?: unknown; manufacturer?: unknown }
      if (!res.ok || typeof info.model !== 'string') continue
      return { url, model: info.model, serialNumber: String(info.serialNumber ?? '') }
    } catch {
      // nobody there, or not a camera: try the next
    }
  }
  return null
}

/**
 * The addresses a tablet can reach the relay at: this computer's IPv4 addresses on its networks
 * (the camera's Wi-Fi first: same first three numbers as the camera), or the host it listens on.
 */
export function tabletAddresses(host: string, port: number, camera: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`]
  const cameraNet = new URL(camera).hostname.split('.').slice(0, 3).join('.')
  const ips = Object.values(networkInterfaces()).flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address)
  ips.sort((a, b) => Number(b.startsWith(cameraNet + '.')) - Number(a.startsWith(cameraNet + '.')))
  return (ips.length ? ips : ['127.0.0.1']).map((ip) => `http://${ip}:${port}`)
}

/** The address as a QR code drawn with characters, for the terminal. */
export function terminalQr(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: true })
}
