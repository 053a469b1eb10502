using System.Security.Cryptography;
using System.Text;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Sessions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Npgsql;

namespace EmoteCare.Api.Scheduling;

/// <summary>
/// Personal calendar feeds: an account's sessions as an iCalendar document that calendar apps subscribe to by a secret
/// URL. The secret is 32 random bytes shown once; only its SHA-256 is stored, so a database leak yields no working
/// URL. Making a new one replaces the old, and revoking deletes it.
/// </summary>
public sealed class CalendarFeeds(NpgsqlDataSource dataSource, SessionIndex sessions)
{
    /// <summary>What a feed shows: sessions from this long ago...</summary>
    private static readonly TimeSpan Past = TimeSpan.FromDays(30);

    /// <summary>...to this far ahead.</summary>
    private static readonly TimeSpan Ahead = TimeSpan.FromDays(366);

    /// <summary>Most sessions in one feed.</summary>
    private const int MaxEvents = 1000;

    // Compared against when an account has no feed, so a missing feed takes as long to refuse as a wrong secret.
    private static readonly byte[] NoFeed = new byte[SHA256.HashSizeInBytes];

    /// <summary>When the account's feed was made; null when it has none.</summary>
    public async Task<DateTimeOffset?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT created_at FROM calendar_feeds WHERE account_id = $1");
        AccountStore.Add(command, accountId);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime created ? new DateTimeOffset(created, TimeSpan.Zero) : null;
    }

    /// <summary>Makes the account's feed secret, replacing any earlier one; the returned secret is the only copy.</summary>
    public async Task<string> CreateAsync(string accountId, CancellationToken cancellationToken)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO calendar_feeds (account_id, secret_hash, created_at) VALUES ($1, $2, now())
            ON CONFLICT (account_id) DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at
            """);
        AccountStore.Add(command, accountId, Hash(secret));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return secret;
    }

    /// <summary>Revokes the account's feed; its URL stops working at once. True when there was one.</summary>
    public async Task<bool> RevokeAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM calendar_feeds WHERE account_id = $1");
        AccountStore.Add(command, accountId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>True when <paramref name="secret"/> is the account's current feed secret; compared in constant time.</summary>
    public async Task<bool> VerifyAsync(string accountId, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT secret_hash FROM calendar_feeds WHERE account_id = $1");
        AccountStore.Add(command, accountId);
        var stored = await command.ExecuteScalarAsync(cancellationToken) as byte[];
        return CryptographicOperations.FixedTimeEquals(Hash(secret), stored ?? NoFeed) && stored is not null;
    }

    /// <summary>
    /// The account's sessions as iCalendar text: start, end, a fixed title and the session id in the UID, nothing about
    /// the patient, so a calendar app or whoever sees the phone's lock screen learns only that a session is booked.
    /// </summary>
    public async Task<string> RenderAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var calendar = new Calendar { ProductId = "-//EmoteCare//Sessions//EN" };
        calendar.AddProperty("X-WR-CALNAME", "EmoteCare sessions");
        foreach (var session in await sessions.ListOwnAsync(accountId, now - Past, now + Ahead, MaxEvents, cancellationToken))
        {
            var calendarEvent = new CalendarEvent
            {
                Uid = $"{session.Id}@emotecare",
                Summary = "EmoteCare session",
                DtStamp = new CalDateTime(now.UtcDateTime),
                DtStart = new CalDateTime(session.ScheduledFor.UtcDateTime),
            };
            if (session.EndsAt is { } end)
            {
                calendarEvent.DtEnd = new CalDateTime(end.UtcDateTime);
            }

            calendar.Events.Add(calendarEvent);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
