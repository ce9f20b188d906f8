import { useMemo } from 'react'
import { encode } from 'uqr'

interface Props {
  readonly title: string
  readonly userCode: string
  readonly verificationUri: string
  readonly verificationUriComplete?: string | undefined
  readonly note: string
}

/** A QR code drawn as SVG rectangles: data, never markup. */
function QrCode({ text }: { text: string }) {
  const { data } = useMemo(() => encode(text, { border: 2 }), [text])
  const size = data.length
  return (
    <svg
      role="img"
      aria-label={`QR code of ${text}`}
      viewBox={`0 0 ${size} ${size}`}
      className="h-28 w-28 shrink-0 rounded bg-white sm:h-36 sm:w-36"
      shapeRendering="crispEdges"
    >
      {data.flatMap((row, y) =>
        row.map((dark, x) => (dark ? <rect key={`${x}-${y}`} x={x} y={y} width={1} height={1} /> : null)),
      )}
    </svg>
  )
}

/** The TV's screen in the device grant: the code to type and where, and a QR code for the phone. */
export function DeviceScreen({ title, userCode, verificationUri, verificationUriComplete, note }: Props) {
  return (
    <section
      aria-label="The TV’s screen"
      className="overflow-hidden rounded-lg border-8 border-slate-800 bg-slate-900 text-white shadow"
    >
      <div className="flex flex-wrap items-center gap-4 p-4">
        {verificationUriComplete && <QrCode text={verificationUriComplete} />}
        <div className="min-w-0 flex-1 space-y-2">
          <h2 className="text-base font-semibold">{title}</h2>
          <p className="text-sm text-slate-300">On your phone, open</p>
          <p className="font-mono text-sm break-all text-sky-300">{verificationUri}</p>
          <p className="text-sm text-slate-300">and enter the code</p>
          <p
            className="font-mono text-2xl font-bold tracking-widest whitespace-nowrap sm:text-3xl"
            aria-label={`Code ${userCode.split('').join(' ')}`}
          >
            {userCode}
          </p>
        </div>
      </div>
      <p className="bg-slate-800 px-3 py-1.5 text-xs text-slate-300">{note}</p>
    </section>
  )
}
