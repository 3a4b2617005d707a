/* conflict-map's map behaviour, shared by the standalone HTML map and the dashboard (geo/outputs/mapping.py).
 *
 * Python only ever calls these functions with data (JSON literals): every drawing rule lives here. Popup and tooltip
 * HTML arrives already escaped (mapping.popup_html, mapping.tooltip_text); nothing here builds markup from text.
 */
(function () {
    "use strict";
    var cm = window.cm = window.cm || {};

    /* The offline outlines' pane, inside the overlay pane but under the place shapes, whichever loads last. */
    cm.outlinePane = function (map, name) {
        var pane = map.createPane(name, map.getPane("overlayPane"));
        pane.style.zIndex = 100;
        pane.style.pointerEvents = "none";
    };

    /* Outlines fetched from a same-origin URL into ``layer`` once the map is up; a failure leaves the background.
     * Countries are filled, admin-1 lines thin, lakes ({water: "lake"}) and rivers ({water: "river"}) blue, in the
     * file's order (water last, over the land). */
    cm.fetchOutlines = function (layer, url, pane, styles) {
        fetch(url).then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
        }).then(function (data) {
            var outlines = L.geoJSON(data, {
                pane: pane, interactive: false, smoothFactor: 1.5,
                style: function (feature) {
                    var props = feature.properties || {};
                    return props.adm1 ? styles.adm1 : (props.water && styles[props.water]) || styles.country;
                }
            });
            outlines.cmOutlinesOf = layer;  // the base layer holding them (cm.setView redraws them late)
            outlines.addTo(layer);
        }).catch(function (error) { console.warn("conflict-map: offline outlines not loaded", error); });
    };

    /* The offline base map's names: countries, provinces and cities from the gazetteer, each from its own zoom on
     * (rows [lat, lng, name, kind, minZoom], in drawing priority), fetched from ``url`` or given as ``rows``. Only
     * those in view are drawn, at most MAX_LABELS, never over one already placed; text is set as text, not HTML. */
    var MAX_LABELS = 220;
    cm.labels = function (map, url, rows) {
        var pane = map.getPane("cmLabels") || map.createPane("cmLabels");
        pane.style.zIndex = 450;  // above the outlines and shapes, under every marker
        pane.style.pointerEvents = "none";
        var data = rows || [];

        function draw() {
            pane.innerHTML = "";
            var zoom = map.getZoom(), bounds = map.getBounds().pad(0.05), placed = [], drawn = 0;
            for (var i = 0; i < data.length && drawn < MAX_LABELS; i++) {
                var row = data[i];
                if (row[4] > zoom) { break; }  // sorted by zoom first: none of the rest is due yet
                var latlng = L.latLng(row[0], row[1]);
                if (!bounds.contains(latlng)) { continue; }
                var point = map.latLngToLayerPoint(latlng);
                var width = row[2].length * (row[3] === "country" ? 7.5 : 6.2) + 6, height = 14;
                var box = [point.x - width / 2, point.y - height / 2, point.x + width / 2, point.y + height / 2];
                if (placed.some(function (b) {
                    return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
                })) { continue; }
                placed.push(box);
                var div = L.DomUtil.create("div", "cm-label cm-label-" + row[3], pane);
                div.textContent = row[2];
                div.style.left = point.x + "px";  // centred by CSS (a transform of its own)
                div.style.top = point.y + "px";
                drawn += 1;
            }
            pane.dataset.cmLabels = String(drawn);
        }

        map.on("zoomend moveend", draw);
        if (url) {
            fetch(url).then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
            }).then(function (fetched) { data = fetched; draw(); })
              .catch(function (error) { console.warn("conflict-map: offline labels not loaded", error); });
        } else {
            draw();
        }
    };

    /* The data credits, already escaped, in Leaflet's attribution control. */
    cm.attribution = function (map, text) { map.attributionControl.addAttribution(text); };

    /* A compact bottom-left legend from escaped HTML; a redraw of the places replaces the previous one. */
    cm.legend = function (map, html) {
        if (map._cmLegend) { map.removeControl(map._cmLegend); }
        var legend = L.control({position: "bottomleft"});
        legend.onAdd = function () {
            var div = L.DomUtil.create("div", "cm-legend");
            div.innerHTML = html;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        legend.addTo(map);
        map._cmLegend = legend;
    };

    /* Fit the view to ``bounds`` (or the world at ``centre`` when null) and count the redraw in the container's
     * data-cm-redraws (tests and timings wait on it). A view already in place is left alone: moving a map, even by
     * nothing, redraws every path. When it does change, the fetched outlines go back a frame after the places. */
    cm.setView = function (map, bounds, options, centre) {
        var view = bounds ? map._getBoundsCenterZoom(L.latLngBounds(bounds), options)
            : {center: L.latLng(centre), zoom: 2};
        var zoom = map._limitZoom(view.zoom);
        var middle = map._limitCenter(L.latLng(view.center), zoom, map.options.maxBounds);
        if (zoom !== map.getZoom() || !middle.equals(map.getCenter())) {
            var late = [];
            map.eachLayer(function (layer) { if (layer.cmOutlinesOf) { late.push(layer); } });
            late.forEach(function (layer) { layer.cmOutlinesOf.removeLayer(layer); });
            if (bounds) { map.fitBounds(bounds, options); } else { map.setView(middle, zoom, options); }
            if (late.length) {
                requestAnimationFrame(function () {
                    setTimeout(function () {
                        late.forEach(function (layer) {
                            if (!layer.cmOutlinesOf.hasLayer(layer)) { layer.cmOutlinesOf.addLayer(layer); }
                        });
                    }, 0);
                });
            }
        }
        var box = map.getContainer();
        box.dataset.cmRedraws = String(Number(box.dataset.cmRedraws || 0) + 1);
    };

    /* The place id travels with every click: Leaflet hands the same event object to each listener (and to the
     * groups it propagates to), so the id set here is what streamlit-folium reports as last_object_clicked. */
    function carryId(layer, id) {
        layer.on("click", function (event) {
            var latlng = L.latLng(event.latlng.lat, event.latlng.lng);
            latlng.placeId = id;
            event.latlng = latlng;
            if (window.__cmFastClick) { window.__cmFastClick(); }
        });
        return layer;
    }

    /* A pane of its own for clusters (above every marker) and one for the selected place (above the clusters). */
    function pane(map, name, zIndex) {
        if (!map.getPane(name)) { map.createPane(name).style.zIndex = zIndex; }
        return name;
    }

    /* The outline of the container an approximate place was placed by (or null): shown while its marker is hovered
     * and, for the selected place, until another place is selected. One selected outline per map. */
    function selectContainer(map, group, outline) {
        var previous = map._cmSelectedContainer;
        if (previous && previous !== outline && previous.cmGroup.hasLayer(previous)) {
            previous.cmGroup.removeLayer(previous);
        }
        map._cmSelectedContainer = outline;
        if (outline && !group.hasLayer(outline)) { group.addLayer(outline); }
    }

    /* Draw places from data into ``group`` on ``map``: one marker per place, every kind (points, areas, lines) in
     * one cluster group when spec.cluster is set; the selected place's marker stays out of the clusters, above them.
     * An area's or line's shape shows on hover, when selected, or once the map is zoomed in far enough for it to
     * fill about half the view (always, when nothing is clustered). An approximate place (p.approximate, a hollow
     * marker) shows the outline of its container (p.container: id, name and, for an area or line, its shape) on
     * hover and while selected.
     * spec: {places: [...], cluster: markercluster options or null, maxWidth, zOffset}. */
    cm.drawPlaces = function (group, map, spec) {
        var clustered = [], shapes = [];
        var clusterPane = pane(map, "cmClusters", 610), selectedPane = pane(map, "cmSelected", 620);
        map._cmSelectedContainer = null;

        function update(shape) {
            if (shape.cmFitZoom === undefined) { shape.cmFitZoom = map.getBoundsZoom(shape.getBounds()); }
            var show = !spec.cluster || shape.cmSelected || shape.cmHover || map.getZoom() >= shape.cmFitZoom - 1;
            if (show && !group.hasLayer(shape)) { group.addLayer(shape); }
            if (!show && group.hasLayer(shape)) { group.removeLayer(shape); }
        }

        spec.places.forEach(function (p) {
            var popup = '<div style="width: 100.0%; height: 100.0%;">' + p.popup + '</div>';
            var tooltip = '<div>' + p.tooltip + '</div>';
            var shape = null;
            if (p.shape) {
                shape = carryId(L[p.factory](p.shape, p.style), p.id).bindTooltip(tooltip, {sticky: true})
                    .bindPopup(L.popup({maxWidth: spec.maxWidth}).setContent(popup));
                shape.cmSelected = p.selected;
                shapes.push(shape);
            }
            var icon = L.divIcon({className: "cm-icon", html: p.icon, iconSize: [p.size, p.size],
                                  iconAnchor: [p.anchor, p.anchor]});
            var options = {icon: icon, placeId: p.id, riseOnHover: true};
            if (p.selected) { options.zIndexOffset = spec.zOffset; options.pane = selectedPane; }
            var marker = carryId(L.marker(p.latlng, options), p.id)
                .bindTooltip(tooltip, {direction: "top", offset: [0, p.offset], sticky: false})
                .bindPopup(L.popup({maxWidth: spec.maxWidth}).setContent(popup));
            var outline = null;
            if (p.container && p.container.shape) {
                outline = L[p.container.factory](p.container.shape, p.container.style);
                outline.cmGroup = group;
                outline.cmContainerOf = p.id;
                marker.on("mouseover", function () { if (!group.hasLayer(outline)) { group.addLayer(outline); } });
                marker.on("mouseout", function () {
                    if (map._cmSelectedContainer !== outline && group.hasLayer(outline)) { group.removeLayer(outline); }
                });
                if (p.selected) { selectContainer(map, group, outline); }
            }
            marker.on("click", function () {
                cm.markSelected(marker, spec.zOffset);
                selectContainer(map, group, outline);
            });
            if (shape) {
                marker.on("mouseover", function () { shape.cmHover = true; update(shape); });
                marker.on("mouseout", function () { shape.cmHover = false; update(shape); });
            }
            if (spec.cluster && !p.selected) { clustered.push(marker); } else { marker.addTo(group); }
        });
        if (spec.cluster) {
            var cluster = L.markerClusterGroup(L.extend({clusterPane: clusterPane}, spec.cluster));
            cluster.addLayers(clustered);
            cluster.addTo(group);
        }
        shapes.forEach(update);
        function onZoom() { shapes.forEach(update); }
        map.on("zoomend", onZoom);
        group.on("remove", function () { map.off("zoomend", onZoom); });
    };

    /* A density (heat) layer of mentions into ``group``: points [lat, lng, mentions], the hottest at ``max``
     * (leaflet.heat, vendored). */
    cm.heat = function (group, points, max) {
        if (!L.heatLayer) { console.warn("conflict-map: leaflet.heat not loaded"); return; }
        L.heatLayer(points, {radius: 22, blur: 18, maxZoom: 9, max: max, minOpacity: 0.25}).addTo(group);
    };

    /* A layer the map holds but does not show until chosen in the layer control (streamlit-folium adds every
     * feature group it is given to the map): taken off once the control listing it exists. */
    cm.startHidden = function (group, map) {
        setTimeout(function () { if (map.hasLayer(group)) { map.removeLayer(group); } }, 0);
    };

    /* Mark a clicked marker as the selected place at once (the dashboard does not draw the map again for a click):
     * the selection style moves to its icon and it rises above the others. */
    cm.markSelected = function (marker, zOffset) {
        var icon = marker.getElement && marker.getElement();
        if (!icon) { return; }
        document.querySelectorAll(".cm-marker.cm-selected").forEach(function (el) { el.classList.remove("cm-selected"); });
        var dot = icon.querySelector(".cm-marker");
        if (dot) { dot.classList.add("cm-selected"); }
        marker.setZIndexOffset(zOffset);
    };

    /* What a new st_folium map needs: its click count starts at null (not 0), so no click is reported before one. */
    cm.noClickYet = function () {
        if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.last_object_clicked_count = null; }
    };

    /* streamlit-folium reports a click after a 250 ms debounce; the dashboard wants the quotes at once. Right after
     * its click handler has recorded a click on a place (same event), send the value it would send, as the
     * component library does (a streamlit:setComponentValue message to the parent page), and record it as sent,
     * so the debounced report finds nothing new. */
    cm.fastClicks = function () {
        var data = window.__GLOBAL_DATA__;
        if (!data || !window.parent || window.parent === window) { return; }
        window.__cmFastClick = function () {
            setTimeout(function () {
                var value = {};
                (data.returned_objects || []).forEach(function (key) { value[key] = data[key] === undefined ? null : data[key]; });
                if (!value.last_object_clicked || JSON.stringify(value) === JSON.stringify(data.previous_data)) { return; }
                data.previous_data = value;
                window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                           value: value, dataType: "json"}, "*");
            }, 0);
        };
    };

    /* streamlit-folium keeps every feature group it ever added: those of the last redraw are gone already. */
    cm.forgetRemovedGroups = function () {
        if (Array.isArray(window.feature_group)) { window.feature_group.length = 0; }
    };
})();
