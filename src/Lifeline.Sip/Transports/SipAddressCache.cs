using System.Collections.Concurrent;
using System.Net;

namespace Lifeline.Sip.Transports;

/// <summary>
/// Maps socket addresses to end points and back, so receiving from and sending to the few peers a proxy
/// talks to (trunks, the dialer) allocates nothing once each peer has been seen. Bounded: a flood of new
/// sources only costs the allocations the cache was avoiding.
/// </summary>
internal sealed class SipAddressCache
{
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<SocketAddress, IPEndPoint> _endPoints = new();
    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _addresses = new();
    private readonly IPEndPoint _template;
    private int _endPointCount;
    private int _addressCount;

    public SipAddressCache(IPEndPoint template) => _template = template;

    /// <summary>The end point for a just-received address; <paramref name="address"/> is not kept (it is the loop's reusable buffer).</summary>
    public IPEndPoint GetEndPoint(SocketAddress address)
    {
        if (_endPoints.TryGetValue(address, out var endPoint))
        {
            return endPoint;
        }

        endPoint = (IPEndPoint)_template.Create(address);
        if (Interlocked.Increment(ref _endPointCount) > Capacity)
        {
            _endPoints.Clear();
            Interlocked.Exchange(ref _endPointCount, 0);
        }

        _endPoints.TryAdd(endPoint.Serialize(), endPoint);
        return endPoint;
    }

    /// <summary>The serialized form of <paramref name="endPoint"/> for SendToAsync; shared, never written to.</summary>
    public SocketAddress GetSocketAddress(IPEndPoint endPoint)
    {
        if (_addresses.TryGetValue(endPoint, out var address))
        {
            return address;
        }

        address = endPoint.Serialize();
        if (Interlocked.Increment(ref _addressCount) > Capacity)
        {
            _addresses.Clear();
            Interlocked.Exchange(ref _addressCount, 0);
        }

        // Key on a copy: callers may reuse or change their IPEndPoint later.
        _addresses.TryAdd(new IPEndPoint(endPoint.Address, endPoint.Port), address);
        return address;
    }
}
