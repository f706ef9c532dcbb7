using DecentWork.Organisations;
using Microsoft.AspNetCore.Identity;

namespace DecentWork.Accounts;

public class User : IdentityUser
{
    public string? DisplayName { get; set; }
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public string? PreferredLanguage { get; set; }
}

public static class Roles
{
    public const string Contributor = "Contributor"; // documents its own organisation's practices
    public const string Reviewer = "Reviewer";       // validates submissions: request changes, publish, archive, withdraw
    public const string Editor = "Editor";           // a reviewer who may also edit any practice and curate the thesaurus
    public const string Admin = "Admin";             // every action on every record, and user management
    public const string Broker = "Broker";           // cooperation unit: confirms matches between requests and offers, follows exchanges
    public static readonly string[] All = [Contributor, Reviewer, Editor, Admin, Broker];

    public static string? Normalize(string? r) => All.FirstOrDefault(x => string.Equals(x, r, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An API bearer token. Only a SHA-256 hash is stored, so a database leak does not leak usable tokens.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Hash { get; set; }
    /// <summary>The first characters, to tell tokens apart in a list without storing the secret.</summary>
    public required string Prefix { get; set; }
    public string? Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
