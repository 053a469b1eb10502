using NodaTime;

namespace EmoteCare.Grains.Scheduling;

/// <summary>IANA time zone ids, resolved against the tz database NodaTime carries.</summary>
public static class TimeZones
{
    /// <summary>The zone for <paramref name="id"/> (for example <c>Europe/Berlin</c>); null when it is not an IANA id.</summary>
    public static DateTimeZone? Find(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > 64 ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>The instant as the clock on the wall in <paramref name="zone"/> shows it, with that zone's offset at the time.</summary>
    public static DateTimeOffset InZone(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return instant.InZone(zone).ToDateTimeOffset();
    }
}
