#!/usr/bin/python3
"""Approximate 24 nm contiguous zones (UNCLOS art. 33) for config/geo/.

The band between 12 nm and 24 nm from the Natural Earth 10m coast, split by the EEZ polygons
of eez_clip.geojson so that the lateral limits and the sovereigns come from Marine Regions, the
same way shared/geo/tools/ts12.py makes territorial_seas_12nm_approx.geojson:

  1. 24 nm (44 448 m) buffer of each land polygon in its own azimuthal-equidistant projection
     (GEOS, 8 segments per quarter circle), union, minus the land, clipped to the theatre box;
  2. minus the territorial seas (every polygon of territorial_seas_12nm_approx.geojson, which
     is the same construction at 12 nm) and minus the Colombian 12 nm enclaves;
  3. intersected with each EEZ feature: the piece gets POL_TYPE "24NM" (or the EEZ feature's
     "Joint regime" / "Overlapping claim") and the EEZ feature's sovereign and territory
     attributes, plus FROM_EEZ_MRGID and EEZ_APPROX.

Every state gets a zone, whether or not it claims one: see config/geo/README.md.

Usage (Debian: apt-get install python3-gdal):
  /usr/bin/python3 tools/contiguous_zones.py ne_10m_land_clip.geojson eez_clip.geojson \
      territorial_seas_12nm_approx.geojson contiguous_zones_24nm_approx.geojson
"""
import json
import sys

from osgeo import gdal, ogr, osr

gdal.PushErrorHandler("CPLQuietErrorHandler")
NM = 1852.0
BOX = ogr.CreateGeometryFromWkt("POLYGON((-120 -10,-55 -10,-55 35,-120 35,-120 -10))")
WGS = osr.SpatialReference()
WGS.ImportFromEPSG(4326)
WGS.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)


def valid(g):
    return g if g.IsValid() else g.MakeValid()


def polygons(g, out):
    """Adds every polygon of g larger than 1e-6 deg^2 to the multipolygon out."""
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        if g.GetArea() > 1e-6:
            out.AddGeometry(g.Clone())
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(g.GetGeometryCount()):
            polygons(g.GetGeometryRef(i), out)
    return out


def read(path):
    fc = json.load(open(path, encoding="utf-8"))
    return [(f["properties"], valid(ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))))
            for f in fc["features"]]


def union(geoms):
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geoms:
        polygons(g, mp)
    return valid(mp.UnionCascaded())


def buffered(g, metres):
    c = g.Centroid()
    s = osr.SpatialReference()
    s.ImportFromProj4(f"+proj=aeqd +lat_0={c.GetY():.4f} +lon_0={c.GetX():.4f} "
                      "+datum=WGS84 +units=m +no_defs")
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    p = g.Clone()
    p.AssignSpatialReference(WGS)
    p.TransformTo(s)
    b = valid(p.SimplifyPreserveTopology(100.0)).Buffer(metres, 8)
    b.AssignSpatialReference(s)
    b.TransformTo(WGS)
    return valid(b)


def rounded(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], 5), round(c[1], 5)]
    return [rounded(x) for x in c]


def main(land_path, eez_path, ts_path, out_path):
    land = [g for _, g in read(land_path)]
    eez = read(eez_path)
    ts = [g for _, g in read(ts_path)]
    band = union(buffered(g, 24 * NM) for g in land)
    band = valid(band.Difference(union(land))).Intersection(BOX)
    inner = union(ts + [g for p, g in eez if p.get("POL_TYPE") == "12NM enclave"])
    band = valid(valid(band).Difference(inner))
    print("band built", file=sys.stderr)
    features = []
    for p, g in eez:
        if p.get("POL_TYPE") == "12NM enclave":
            continue
        piece = polygons(band.Intersection(g), ogr.Geometry(ogr.wkbMultiPolygon))
        if piece.IsEmpty():
            continue
        props = {k: p.get(k) for k in ("GEONAME", "TERRITORY1", "ISO_TER1", "TERRITORY2",
                                        "ISO_TER2", "TERRITORY3", "ISO_TER3", "SOVEREIGN1",
                                        "ISO_SOV1", "SOVEREIGN2", "ISO_SOV2", "SOVEREIGN3",
                                        "ISO_SOV3")}
        pol = p.get("POL_TYPE")
        props["POL_TYPE"] = pol if pol in ("Joint regime", "Overlapping claim") else "24NM"
        props["GEONAME"] = "Contiguous zone (approx.) within " + (p.get("GEONAME") or "?")
        props["FROM_EEZ_MRGID"] = p.get("MRGID")
        props["EEZ_APPROX"] = p.get("APPROX")
        gj = json.loads(piece.ExportToJson())
        gj["coordinates"] = rounded(gj["coordinates"])
        if not ogr.CreateGeometryFromJson(json.dumps(gj)).IsValid():
            fixed = ogr.CreateGeometryFromJson(json.dumps(gj)).MakeValid()
            gj = json.loads(polygons(fixed, ogr.Geometry(ogr.wkbMultiPolygon)).ExportToJson())
        features.append({"type": "Feature", "properties": props, "geometry": gj})
    fc = {"type": "FeatureCollection", "features": features}
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(fc, out, ensure_ascii=False, separators=(",", ":"))
    print(len(features), "features", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
