"""``occhio bench``: measures the wall against the bare decoding floor.

Starts the simulator in its own process, opens the wall offscreen on one
or more virtual screens and reports CPU, painted frame rates, glass-to-glass
latency, call-up times, event-loop lag and memory. Nothing in the
application imports this package.
"""
