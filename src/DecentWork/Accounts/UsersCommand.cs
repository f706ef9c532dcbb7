using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Accounts;

public static class UsersCommand
{
    public static async Task<int> RunAsync(CommandLine c, IServiceProvider sp)
    {
        var users = sp.GetRequiredService<UserManager<User>>();
        var db = sp.GetRequiredService<AppDb>();
        switch (c.Arguments.FirstOrDefault())
        {
            case "list":
                foreach (var u in await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync())
                    Console.WriteLine($"{u.Email}\t{string.Join(",", await users.GetRolesAsync(u))}\t{u.OrganisationId}");
                return 0;
            case "add":
                break;
            default:
                throw new CommandException("usage: dwx users add EMAIL --role ROLE [--organisation ID] --password-stdin | dwx users list");
        }
        var email = c.Arguments.ElementAtOrDefault(1) ?? throw new CommandException("which e-mail address?");
        var role = Roles.Normalize(c.Option("--role")) ?? throw new CommandException($"--role must be one of {string.Join(", ", Roles.All)}");
        int? org = null;
        if (c.Option("--organisation") is { } o)
        {
            if (!int.TryParse(o, out var id) || await db.Organisations.FindAsync(id) is null) throw new CommandException($"no organisation with id {o}");
            org = id;
        }
        if (!c.Has("--password-stdin")) throw new CommandException("give the password on standard input with --password-stdin");
        var password = (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password)) throw new CommandException("no password on standard input");

        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var r in Roles.All)
            if (!await roles.RoleExistsAsync(r)) await roles.CreateAsync(new IdentityRole(r));

        var user = await users.FindByEmailAsync(email);
        IdentityResult result;
        if (user is null)
        {
            user = new User { UserName = email, Email = email, EmailConfirmed = true, OrganisationId = org, DisplayName = c.Option("--display-name") };
            result = await users.CreateAsync(user, password);
        }
        else
        {
            if (org is not null) user.OrganisationId = org;
            result = await users.UpdateAsync(user);
            if (result.Succeeded) result = await users.RemovePasswordAsync(user);
            if (result.Succeeded) result = await users.AddPasswordAsync(user, password);
        }
        if (result.Succeeded && !await users.IsInRoleAsync(user, role)) result = await users.AddToRoleAsync(user, role);
        if (!result.Succeeded) throw new CommandException(string.Join("; ", result.Errors.Select(e => e.Description)));
        Console.WriteLine($"{email}: {string.Join(",", await users.GetRolesAsync(user))}");
        return 0;
    }

    public static async Task<int> TokensAsync(CommandLine c, IServiceProvider sp)
    {
        if (c.Arguments.FirstOrDefault() != "create") throw new CommandException("usage: dwx tokens create EMAIL [--name LABEL]");
        var email = c.Arguments.ElementAtOrDefault(1) ?? throw new CommandException("which e-mail address?");
        var user = await sp.GetRequiredService<UserManager<User>>().FindByEmailAsync(email) ?? throw new CommandException($"no user {email}");
        Console.WriteLine(await sp.GetRequiredService<ApiTokens>().CreateAsync(user.Id, c.Option("--name")));
        return 0;
    }
}
