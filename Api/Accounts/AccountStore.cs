using Npgsql;

namespace EmoteCare.Api.Accounts;

/// <summary>The <c>accounts</c> table.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    /// <summary>How many columns <see cref="Read"/> reads: a query's own columns come after them.</summary>
    internal const int ColumnCount = 10;

    private const string Columns = "id, email, display_name, role, password_hash, failed_sign_ins, lockout_end, created_at, credentials_stamp, disabled_at";

    /// <summary>The account with this email, compared without case; null when none.</summary>
    public Task<Account?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindAsync($"SELECT {Columns} FROM accounts WHERE lower(email) = lower($1)", email, cancellationToken);

    /// <summary>The account with this id; null when none.</summary>
    public Task<Account?> FindAsync(string id, CancellationToken cancellationToken) =>
        FindAsync($"SELECT {Columns} FROM accounts WHERE id = $1", id, cancellationToken);

    /// <summary>
    /// The account with this id (its credentials stamp and whether it is disabled included), and whether the sign-in
    /// <paramref name="grantId"/> was revoked (logout, a reused refresh token): one query, as every authenticated request asks both.
    /// </summary>
    public async Task<(Account Account, bool GrantRevoked)?> FindWithGrantAsync(string id, string? grantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, EXISTS (SELECT 1 FROM sign_in_grants WHERE id = $2 AND revoked_at IS NOT NULL) FROM accounts WHERE id = $1");
        Add(command, id, grantId ?? "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Read(reader), reader.GetBoolean(ColumnCount)) : null;
    }

    /// <summary>Inserts a new account inside the caller's transaction.</summary>
    /// <returns>False when the email is taken.</returns>
    public static async Task<bool> InsertAsync(Account account, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO accounts (id, email, display_name, role, password_hash, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING
            """,
            connection,
            transaction);
        Add(command, account.Id, account.Email, account.DisplayName, RoleNames.Of(account.Role), account.PasswordHash, account.CreatedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Counts a failed sign-in; the failure that reaches <paramref name="maxFailures"/> locks the account until <paramref name="lockoutEnd"/> and restarts the count.</summary>
    /// <returns>True when this failure locked the account.</returns>
    public async Task<bool> RecordFailedSignInAsync(string id, int maxFailures, DateTimeOffset lockoutEnd, CancellationToken cancellationToken)
    {
        // One statement, so concurrent failures cannot both read the old count and miss the lockout.
        await using var command = dataSource.CreateCommand(
            """
            UPDATE accounts SET
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END,
                lockout_end = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE lockout_end END
            WHERE id = $1
            RETURNING failed_sign_ins = 0
            """);
        Add(command, id, maxFailures, lockoutEnd);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Clears the failure count after a successful sign-in, and stores a re-hashed password when the hash format was outdated.</summary>
    public async Task RecordSuccessfulSignInAsync(string id, string? newPasswordHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE accounts SET failed_sign_ins = 0, password_hash = coalesce($2, password_hash) WHERE id = $1");
        Add(command, id, (object?)newPasswordHash ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Replaces the password hash and the credentials stamp, which ends the credentials issued under the old one.</summary>
    public async Task SetPasswordHashAsync(string id, string passwordHash, string credentialsStamp, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE accounts SET password_hash = $2, failed_sign_ins = 0, credentials_stamp = $3 WHERE id = $1");
        Add(command, id, passwordHash, credentialsStamp);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inside the caller's transaction, lifts a lockout and clears the failure count; with a new password hash, also
    /// replaces the password and the credentials stamp.
    /// </summary>
    /// <returns>The account's role before the change; null when no account has this id.</returns>
    public static async Task<Role?> UnlockAsync(string id, string? newPasswordHash, string credentialsStamp, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand(
            """
            UPDATE accounts SET failed_sign_ins = 0, lockout_end = NULL,
                password_hash = coalesce($2, password_hash),
                credentials_stamp = CASE WHEN $2 IS NULL THEN credentials_stamp ELSE $3 END
            WHERE id = $1
            RETURNING role
            """,
            transaction.Connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = newPasswordHash, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = credentialsStamp });
        return await command.ExecuteScalarAsync(cancellationToken) is string role && RoleNames.TryParse(role, out var parsed) ? parsed : null;
    }

    /// <summary>
    /// Inside the caller's transaction, disables an account or enables it again. Enabling a disabled account also replaces
    /// its credentials stamp, so that no credential issued before it was disabled works again; disabling one already
    /// disabled keeps the first time.
    /// </summary>
    /// <returns>The account's role; null when no account has this id.</returns>
    public static async Task<Role?> SetDisabledAsync(string id, bool disabled, DateTimeOffset now, string credentialsStamp, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand(
            """
            UPDATE accounts SET
                credentials_stamp = CASE WHEN NOT $2 AND disabled_at IS NOT NULL THEN $4 ELSE credentials_stamp END,
                disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, $3) ELSE NULL END
            WHERE id = $1
            RETURNING role
            """,
            transaction.Connection,
            transaction);
        Add(command, id, disabled, now, credentialsStamp);
        return await command.ExecuteScalarAsync(cancellationToken) is string role && RoleNames.TryParse(role, out var parsed) ? parsed : null;
    }

    /// <summary>Accounts of one role ordered by id, after the id <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(Role role, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM accounts WHERE role = $1 AND id > $2 ORDER BY id LIMIT $3");
        Add(command, RoleNames.Of(role), after ?? "", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    internal static Account Read(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetString(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        RoleNames.TryParse(reader.GetString(offset + 3), out var role) ? role : throw new InvalidOperationException($"Account {reader.GetString(offset)} has an unknown role."),
        reader.GetString(offset + 4),
        reader.GetInt32(offset + 5),
        reader.IsDBNull(offset + 6) ? null : reader.GetFieldValue<DateTimeOffset>(offset + 6),
        reader.GetFieldValue<DateTimeOffset>(offset + 7),
        reader.IsDBNull(offset + 8) ? null : reader.GetString(offset + 8),
        reader.IsDBNull(offset + 9) ? null : reader.GetFieldValue<DateTimeOffset>(offset + 9));

    internal static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    private static async Task<IReadOnlyList<Account>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(Read(reader));
        }

        return accounts;
    }

    private async Task<Account?> FindAsync(string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        Add(command, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }
}
