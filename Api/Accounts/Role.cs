namespace EmoteCare.Api.Accounts;

/// <summary>What an account is for; decides which endpoints it may call before ownership is even considered.</summary>
public enum Role
{
    /// <summary>Manages accounts and assignments; reads no insights.</summary>
    Admin,

    /// <summary>Runs sessions for the patients assigned to them and reads those patients' insights.</summary>
    Therapist,

    /// <summary>Reads their own sessions and insights and decides on consent.</summary>
    Patient,
}

/// <summary>The role names stored in <c>accounts.role</c> and carried in role claims.</summary>
public static class RoleNames
{
    /// <summary>Claim and column value of <see cref="Role.Admin"/>.</summary>
    public const string Admin = "admin";

    /// <summary>Claim and column value of <see cref="Role.Therapist"/>.</summary>
    public const string Therapist = "therapist";

    /// <summary>Claim and column value of <see cref="Role.Patient"/>.</summary>
    public const string Patient = "patient";

    /// <summary>The stored name of a role.</summary>
    public static string Of(Role role) => role switch
    {
        Role.Admin => Admin,
        Role.Therapist => Therapist,
        Role.Patient => Patient,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The role with a stored name; false for anything else.</summary>
    public static bool TryParse(string? name, out Role role)
    {
        (var known, role) = name switch
        {
            Admin => (true, Role.Admin),
            Therapist => (true, Role.Therapist),
            Patient => (true, Role.Patient),
            _ => (false, default),
        };
        return known;
    }
}
