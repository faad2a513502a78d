"""Offline maps: Web-Mercator maths, tile sources, cameras' fields of view.

Qt-free. The Qt map widget (``app.ui.map_view``) displays the models here
and sends the operator's gestures back to them.
"""
