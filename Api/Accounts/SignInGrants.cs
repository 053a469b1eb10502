using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EmoteCare.Api.Accounts;

/// <summary>
/// The sign-in a credential belongs to, carried in its claims: a cookie's browser session, or a bearer token family
/// (the access and refresh tokens issued by one <c>POST /api/auth/token</c> and the refreshes after it).
/// </summary>
/// <param name="Id">Random; names the sign-in in <c>sign_in_grants</c>.</param>
/// <param name="Generation">For a token family, which refresh this is (0 at sign-in); each refresh token works once.</param>
public sealed record SignInGrant(string Id, int Generation)
{
    /// <summary>A new sign-in.</summary>
    public static SignInGrant New() => new(Ids.New(), 0);
}

/// <summary>
/// The <c>sign_in_grants</c> table: refresh-token rotation, reuse detection and logout. A sign-in that ends also closes
/// the hub connections opened with it, on every node (<see cref="AccessRevocations"/>).
/// </summary>
public sealed class SignInGrants(NpgsqlDataSource dataSource, AccessRevocations revocations, IOptions<AccountOptions> options, TimeProvider time, ILogger<SignInGrants> logger)
{
    /// <summary>Starts a bearer token family, and drops the rows of sign-ins that can no longer be used.</summary>
    public async Task<SignInGrant> StartFamilyAsync(string accountId, CancellationToken cancellationToken)
    {
        var grant = SignInGrant.New();
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("DELETE FROM sign_in_grants WHERE expires_at < $1", now));
        batch.BatchCommands.Add(Command(
            "INSERT INTO sign_in_grants (id, account_id, generation, expires_at) VALUES ($1, $2, 0, $3)",
            grant.Id, accountId, now + options.Value.RefreshTokenLifetime));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return grant;
    }

    /// <summary>
    /// Spends a refresh token of generation <paramref name="presented"/>: the family moves to the next generation, which
    /// the new refresh token carries. A token whose generation is already spent was copied, by someone or from
    /// somewhere: the whole family is revoked, the newest tokens included, and the owner signs in again.
    /// </summary>
    /// <returns>The family's next generation; null when the token was spent, the family revoked, or it is unknown.</returns>
    public async Task<SignInGrant?> RotateAsync(string accountId, SignInGrant presented, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var now = time.GetUtcNow();
        await using (var rotate = dataSource.CreateCommand(
            """
            UPDATE sign_in_grants SET generation = generation + 1, expires_at = $4
            WHERE id = $1 AND account_id = $2 AND generation = $3 AND revoked_at IS NULL AND expires_at > $5
            RETURNING generation
            """))
        {
            AccountStore.Add(rotate, presented.Id, accountId, presented.Generation, now + options.Value.RefreshTokenLifetime, now);
            if (await rotate.ExecuteScalarAsync(cancellationToken) is int generation)
            {
                return presented with { Generation = generation };
            }
        }

        if (await RevokeRowAsync(accountId, presented.Id, now, cancellationToken))
        {
            logger.LogWarning("A spent refresh token of account {AccountId} was presented again; its token family {GrantId} is revoked", accountId, presented.Id);
            await EndConnectionsAsync(accountId, presented.Id);
        }

        return null;
    }

    /// <summary>
    /// Ends a sign-in (logout): every credential that carries it stops working at its next request, on every node, and
    /// the hub connections opened with it close at once.
    /// </summary>
    public async Task RevokeAsync(string accountId, SignInGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var now = time.GetUtcNow();
        var settings = options.Value;
        // Kept until every credential of the sign-in has expired: a cookie slides, a token family lives on in its refresh token.
        var keepUntil = now + new[] { settings.CookieLifetime, settings.AccessTokenLifetime, settings.RefreshTokenLifetime }.Max();
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sign_in_grants (id, account_id, generation, expires_at, revoked_at) VALUES ($1, $2, 0, $3, $4)
            ON CONFLICT (id) DO UPDATE SET revoked_at = coalesce(sign_in_grants.revoked_at, excluded.revoked_at),
                expires_at = greatest(sign_in_grants.expires_at, excluded.expires_at)
            WHERE sign_in_grants.account_id = excluded.account_id
            """);
        AccountStore.Add(command, grant.Id, accountId, keepUntil, now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await EndConnectionsAsync(accountId, grant.Id);
    }

    /// <summary>After the revocation is stored, so that a connection opened meanwhile is refused by the hub's own check.</summary>
    private Task EndConnectionsAsync(string accountId, string grantId) =>
        revocations.RevokeAsync(new AccessRevocation(accountId, AccessRevocationReason.SignInEnded, null, grantId));

    /// <returns>True when this call revoked a family that was not revoked before.</returns>
    private async Task<bool> RevokeRowAsync(string accountId, string grantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE sign_in_grants SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL");
        AccountStore.Add(command, grantId, accountId, now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
