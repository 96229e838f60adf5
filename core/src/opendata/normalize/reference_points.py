"""Reference points for the projection tests in coords.rs, computed independently of proj4rs.

WGS84 degrees -> UTM 32N/33N (Kruger series, 6th order), Monte Mario / Italy zone 1 and 2
(EPSG:3003/3004: inverse of the EPSG:1660 position-vector Helmert shift to International 1924,
then Transverse Mercator), ED50 / UTM 33N (EPSG:1133 shift) and Web Mercator.
Run: python3 reference_points.py
"""
import math
def tm_forward(lat, lon, a, f, lon0, k0, x0, y0):
    n = f/(2-f); A = a/(1+n)*(1+n**2/4+n**4/64+n**6/256)
    al = [n/2-2*n**2/3+5*n**3/16+41*n**4/180-127*n**5/288+7891*n**6/37800,
          13*n**2/48-3*n**3/5+557*n**4/1440+281*n**5/630-1983433*n**6/1935360,
          61*n**3/240-103*n**4/140+15061*n**5/26880+167603*n**6/181440,
          49561*n**4/161280-179*n**5/168+6601661*n**6/7257600,
          34729*n**5/80640-3418889*n**6/1995840,
          212378941*n**6/319334400]
    phi=math.radians(lat); lam=math.radians(lon-lon0)
    e=math.sqrt(f*(2-f))
    t=math.sinh(math.atanh(math.sin(phi)) - e*math.atanh(e*math.sin(phi)))
    xi=math.atan2(t, math.cos(lam)); eta=math.atanh(math.sin(lam)/math.sqrt(1+t*t))
    X=eta+sum(al[j]*math.cos(2*(j+1)*xi)*math.sinh(2*(j+1)*eta) for j in range(6))
    Y=xi+sum(al[j]*math.sin(2*(j+1)*xi)*math.cosh(2*(j+1)*eta) for j in range(6))
    return x0+k0*A*X, y0+k0*A*Y
def geo2ecef(lat,lon,a,f):
    e2=f*(2-f); p=math.radians(lat); l=math.radians(lon)
    N=a/math.sqrt(1-e2*math.sin(p)**2)
    return (N*math.cos(p)*math.cos(l), N*math.cos(p)*math.sin(l), N*(1-e2)*math.sin(p))
def ecef2geo(X,Y,Z,a,f):
    e2=f*(2-f); lon=math.atan2(Y,X); p=math.hypot(X,Y); lat=math.atan2(Z,p*(1-e2))
    for _ in range(20):
        N=a/math.sqrt(1-e2*math.sin(lat)**2); lat=math.atan2(Z+e2*N*math.sin(lat),p)
    return math.degrees(lat), math.degrees(lon)
def helmert_pv(P, t):
    tx,ty,tz,rx,ry,rz,s=t; sec=math.pi/180/3600
    rx*=sec; ry*=sec; rz*=sec; m=1+s*1e-6
    X,Y,Z=P
    return (tx+m*(X - rz*Y + ry*Z), ty+m*(rz*X + Y - rx*Z), tz+m*(-ry*X + rx*Y + Z))
def inv_helmert(P,t):
    # solve helmert_pv(S)=P by fixed point
    S=P
    for _ in range(10):
        Q=helmert_pv(S,t); S=(S[0]+P[0]-Q[0],S[1]+P[1]-Q[1],S[2]+P[2]-Q[2])
    return S
WGS=(6378137.0,1/298.257223563); INTL=(6378388.0,1/297.0)
MM=(-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68); ED=(-87,-98,-121,0,0,0,0)
def to_datum(lat,lon,t):
    S=inv_helmert(geo2ecef(lat,lon,*WGS),t); return ecef2geo(*S,*INTL)
places={'ascoli':(42.8536,13.5749),'fermo':(43.1605,13.7181),'torino':(45.0703,7.6869),'milano':(45.4642,9.1900),'roma':(41.9028,12.4964)}
for k,(la,lo) in places.items():
    u32=tm_forward(la,lo,*WGS,9,0.9996,500000,0)
    u33=tm_forward(la,lo,*WGS,15,0.9996,500000,0)
    mla,mlo=to_datum(la,lo,MM)
    g1=tm_forward(mla,mlo,*INTL,9,0.9996,1500000,0)
    g2=tm_forward(mla,mlo,*INTL,15,0.9996,2520000,0)
    ela,elo=to_datum(la,lo,ED)
    e33=tm_forward(ela,elo,*INTL,15,0.9996,500000,0)
    m3857=(6378137*math.radians(lo), 6378137*math.log(math.tan(math.pi/4+math.radians(la)/2)))
    print(k, 'utm32 %.2f %.2f'%u32, 'utm33 %.2f %.2f'%u33, 'gb1 %.2f %.2f'%g1, 'gb2 %.2f %.2f'%g2, 'ed33 %.2f %.2f'%e33, 'merc %.2f %.2f'%m3857)
