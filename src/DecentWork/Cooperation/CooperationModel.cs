using DecentWork.Accounts;
using DecentWork.Countries;
using DecentWork.Organisations;
using DecentWork.Practices;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Cooperation;

/// <summary>The cooperation tables, kept beside the entities; AppDb calls this from OnModelCreating.</summary>
public static class CooperationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<CooperationRequest>(e =>
        {
            e.ToTable("CooperationRequests");
            e.Property(x => x.Title).HasMaxLength(CooperationLimits.Title);
            e.Property(x => x.Need).HasMaxLength(CooperationLimits.Text);
            e.Property(x => x.NeedLanguage).HasMaxLength(8);
            e.Property(x => x.CountryCode).HasMaxLength(3);
            e.Property(x => x.WorkingLanguages).HasMaxLength(40);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.CreatedById).HasMaxLength(450);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId);
            e.HasOne<Country>().WithMany().HasForeignKey(x => x.CountryCode);
            e.HasMany(x => x.Themes).WithOne().HasForeignKey(x => x.RequestId);
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => x.CountryCode);
            e.HasIndex(x => x.OrganisationId);
            e.Ignore(x => x.Languages);
        });
        b.Entity<RequestTheme>(e =>
        {
            e.HasKey(x => new { x.RequestId, x.ConceptId });
            e.Property(x => x.ConceptId).HasMaxLength(100);
            e.HasIndex(x => x.ConceptId);
            e.HasOne<Concept>().WithMany().HasForeignKey(x => x.ConceptId);
        });
        b.Entity<Offer>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(CooperationLimits.Title);
            e.Property(x => x.Text).HasMaxLength(CooperationLimits.Text);
            e.Property(x => x.TextLanguage).HasMaxLength(8);
            e.Property(x => x.WorkingLanguages).HasMaxLength(40);
            e.Property(x => x.CreatedById).HasMaxLength(450);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId);
            e.HasMany(x => x.Practices).WithOne().HasForeignKey(x => x.OfferId);
            e.HasIndex(x => x.OrganisationId);
            e.Ignore(x => x.Languages);
        });
        b.Entity<OfferPractice>(e =>
        {
            e.HasKey(x => new { x.OfferId, x.PracticeId });
            e.HasIndex(x => x.PracticeId);
            e.HasOne<Practice>().WithMany().HasForeignKey(x => x.PracticeId);
        });
        b.Entity<Match>(e =>
        {
            e.ToTable("CooperationMatches");
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Reasons).HasMaxLength(4000);
            e.Property(x => x.ProposedById).HasMaxLength(450);
            e.Property(x => x.ConfirmedById).HasMaxLength(450);
            e.HasOne(x => x.Request).WithMany().HasForeignKey(x => x.RequestId);
            e.HasOne<Offer>().WithMany().HasForeignKey(x => x.OfferId);
            e.HasOne<Practice>().WithMany().HasForeignKey(x => x.PracticeId);
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.RequestingOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.ProvidingOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.RequestId, x.Status });
        });
        b.Entity<Exchange>(e =>
        {
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Participants).HasMaxLength(CooperationLimits.Participants);
            e.Property(x => x.Outcome).HasMaxLength(CooperationLimits.Text);
            e.Property(x => x.OutcomeLanguage).HasMaxLength(8);
            e.Property(x => x.OutcomeById).HasMaxLength(450);
            e.HasOne(x => x.Request).WithMany().HasForeignKey(x => x.RequestId);
            e.HasOne<Match>().WithMany().HasForeignKey(x => x.MatchId);
            e.HasIndex(x => x.MatchId).IsUnique();
            e.HasOne<Offer>().WithMany().HasForeignKey(x => x.OfferId);
            e.HasOne<Practice>().WithMany().HasForeignKey(x => x.PracticeId);
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.RequestingOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.ProvidingOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.OfferId, x.CreatedAt });
            e.HasIndex(x => x.PracticeId);
        });
        b.Entity<Follow>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Target).HasMaxLength(100);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.UserId, x.Kind, x.Target }).IsUnique();
            e.HasIndex(x => new { x.Kind, x.Target });
        });
        b.Entity<CoopEvent>(e =>
        {
            e.ToTable("CooperationEvents");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.HasIndex(x => x.ProcessedAt);
            e.HasIndex(x => new { x.RequestId, x.At });
        });
        b.Entity<Notification>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.EventKey).HasMaxLength(100);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Subject).HasMaxLength(CooperationLimits.Title);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.UserId, x.EventKey }).IsUnique();
            e.HasIndex(x => new { x.UserId, x.CreatedAt });
        });
        b.Entity<MailDelivery>(e =>
        {
            e.Property(x => x.To).HasMaxLength(256);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Error).HasMaxLength(1000);
            e.HasOne<Notification>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.NotificationId).IsUnique();
        });
    }
}

public static class CooperationLimits
{
    public const int Title = 200;
    public const int Text = 8000;
    public const int Participants = 2000;
}
