"""The top floor: the demo (`luoshi load-demo`) and the scale data (`luoshi gen-data`).

It builds its data through every other app's services and rules, so it may import any
of them; nothing but configuration, tests and benchmarks imports it.
"""
