# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_custos_global_optspecs
    string join \n db= create socket= delimiter= bom= h/help V/version
end

function __fish_custos_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_custos_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_custos_using_subcommand
    set -l cmd (__fish_custos_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c custos -n "__fish_custos_needs_command" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_needs_command" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_needs_command" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_needs_command" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_needs_command" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_needs_command" -s V -l version -d 'Print version'
complete -c custos -n "__fish_custos_needs_command" -f -a "demo" -d 'Fill the database with realistic demo data'
complete -c custos -n "__fish_custos_needs_command" -f -a "import" -d 'Import contacts from a CSV file (a spreadsheet or another system\'s export), all or nothing'
complete -c custos -n "__fish_custos_needs_command" -f -a "contact" -d 'Scriptable access to contacts'
complete -c custos -n "__fish_custos_needs_command" -f -a "org" -d 'Organisations contacts belong to'
complete -c custos -n "__fish_custos_needs_command" -f -a "audit" -d 'The tamper-evident audit trail'
complete -c custos -n "__fish_custos_needs_command" -f -a "purpose" -d 'Processing purposes: legal basis, retention, recipients'
complete -c custos -n "__fish_custos_needs_command" -f -a "consent" -d 'Record and inspect consent per contact and purpose'
complete -c custos -n "__fish_custos_needs_command" -f -a "retention" -d 'Retention: who must be anonymised or erased, and acting on it'
complete -c custos -n "__fish_custos_needs_command" -f -a "vacuum" -d 'Rewrite the database into a fresh file so erased data does not linger in free pages'
complete -c custos -n "__fish_custos_needs_command" -f -a "backup" -d 'Write a consistent, verified copy of the database to a new file, or check a backup file (backup verify FILE)'
complete -c custos -n "__fish_custos_needs_command" -f -a "restore" -d 'Put a backup in place of the database. Refused while the daemon or anyone else has it open; the replaced database is kept beside it'
complete -c custos -n "__fish_custos_needs_command" -f -a "incident" -d 'The breach register: incidents, the 72-hour deadline, notification'
complete -c custos -n "__fish_custos_needs_command" -f -a "settings" -d 'Company-wide settings (admin)'
complete -c custos -n "__fish_custos_needs_command" -f -a "serve" -d 'Run the daemon that owns the database, for several users at once'
complete -c custos -n "__fish_custos_needs_command" -f -a "maintenance" -d 'The nightly round: the retention sweep, a verified backup with rotation, and a vacuum after erasures; prints a summary (counts, not ids) for the journal. The package runs it from a systemd timer'
complete -c custos -n "__fish_custos_needs_command" -f -a "user" -d 'Who may use a shared database, and with which role (admin only)'
complete -c custos -n "__fish_custos_needs_command" -f -a "request" -d 'Data-subject requests: access, rectification, erasure, restriction, objection, portability, consent withdrawal'
complete -c custos -n "__fish_custos_needs_command" -f -a "export" -d 'Personal-data exports of one person and the Art. 30 register'
complete -c custos -n "__fish_custos_needs_command" -f -a "completions" -d 'Print the shell completion script for bash, zsh, fish, elvish or powershell (the package installs them)'
complete -c custos -n "__fish_custos_needs_command" -f -a "man" -d 'Print the man page (roff) generated from these definitions'
complete -c custos -n "__fish_custos_using_subcommand demo" -l contacts -d 'How many contacts to generate' -r
complete -c custos -n "__fish_custos_using_subcommand demo" -l seed -d 'Seed of the generator: the same seed gives the same people' -r
complete -c custos -n "__fish_custos_using_subcommand demo" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand demo" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand demo" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand demo" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand demo" -l force -d 'Add demo data even though the database holds real contacts'
complete -c custos -n "__fish_custos_using_subcommand demo" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand demo" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand import" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand import" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand import" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand import" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand import" -l dry-run -d 'Read and check the file, say what would be imported, write nothing'
complete -c custos -n "__fish_custos_using_subcommand import" -l skip-existing -d 'Import the other rows when some name an e-mail address that is already on a contact (or earlier in the file); without it, such rows stop the import'
complete -c custos -n "__fish_custos_using_subcommand import" -l ignore-unknown -d 'Leave out columns Custos does not know instead of refusing the file'
complete -c custos -n "__fish_custos_using_subcommand import" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand import" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "list" -d 'List contacts, optionally matching a fuzzy query'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "show" -d 'Show everything about one contact'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "add" -d 'Add a contact; prints its id'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "edit" -d 'Change fields of a contact'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "restrict" -d 'Restrict processing (Art. 18): the contact is kept but left out of every mailing and notification export'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "unrestrict" -d 'Lift a restriction (tell the person first, Art. 18(3))'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "rm" -d 'Delete a contact and everything about them (an erasure)'
complete -c custos -n "__fish_custos_using_subcommand contact; and not __fish_seen_subcommand_from list show add edit restrict unrestrict rm log" -f -a "log" -d 'Log an interaction (call, email, meeting, order, note)'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -s q -l query -d 'Fuzzy query over name, organisation, e-mail and phone' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l sort -d 'Sort column: name, organisation, email, phone, status, updated' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l limit -d 'Print at most this many' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l desc -d 'Reverse the order'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l given -d 'Given name' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l family -d 'Family name, with any prefix ("van den Berg")' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l email -d 'E-mail address (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l phone -d 'Phone number (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l org -d 'Organisation id (0 removes the link)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l title -d 'Job title' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l street -d 'Street and number' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l postal-code -d 'Postal code' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l city -d 'City' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l country -d 'Two-letter country code' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l tag -d 'Tag (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l notes -d 'Free text; never put special-category data (health, religion…) here' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l owner -d 'User responsible for the contact' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l language -d 'Letter language (ISO 639-1, e.g. nl, en)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l given -d 'Given name' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l family -d 'Family name, with any prefix ("van den Berg")' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l email -d 'E-mail address (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l phone -d 'Phone number (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l org -d 'Organisation id (0 removes the link)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l title -d 'Job title' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l street -d 'Street and number' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l postal-code -d 'Postal code' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l city -d 'City' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l country -d 'Two-letter country code' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l tag -d 'Tag (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l notes -d 'Free text; never put special-category data (health, religion…) here' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l owner -d 'User responsible for the contact' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l language -d 'Letter language (ISO 639-1, e.g. nl, en)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l expect-version -d 'Fail instead of editing if the contact is no longer at this version' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l confirm-restricted -d 'Edit even though processing is restricted (Art. 18): to rectify, or as the person asked'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -l reason -d 'Why (e.g. "accuracy contested, request #12")' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from restrict" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from unrestrict" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from unrestrict" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from unrestrict" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from unrestrict" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from unrestrict" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from unrestrict" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l kind -d 'call, email, meeting, order or note' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -s s -l summary -d 'What happened' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l at -d 'When it happened (YYYY-MM-DD or RFC 3339; default now)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand contact; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -f -a "list" -d 'List organisations'
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -f -a "add" -d 'Add an organisation; prints its id'
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -f -a "edit" -d 'Change fields of an organisation'
complete -c custos -n "__fish_custos_using_subcommand org; and not __fish_seen_subcommand_from list add edit rm" -f -a "rm" -d 'Delete an organisation that no contact belongs to'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l name -d 'The organisation\'s name' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l vat -d 'VAT number (e.g. NL123456789B01, BE0123456789)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l website -d 'Website address' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l phone -d 'Switchboard phone number' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l city -d 'City' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l country -d 'Two-letter country code' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l name -d 'The organisation\'s name' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l vat -d 'VAT number (e.g. NL123456789B01, BE0123456789)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l website -d 'Website address' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l phone -d 'Switchboard phone number' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l city -d 'City' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l country -d 'Two-letter country code' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from rm" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from rm" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from rm" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from rm" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from rm" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand org; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -f -a "verify" -d 'Check the hash chain; exits non-zero at the first broken entry'
complete -c custos -n "__fish_custos_using_subcommand audit; and not __fish_seen_subcommand_from verify list" -f -a "list" -d 'Show audit entries, newest first'
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from verify" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from verify" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from verify" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from verify" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -d 'How many entries, newest first' -r
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "list" -d 'List purposes with how many contacts hold each consent state'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "show" -d 'Show one purpose (by id or name)'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "add" -d 'Add a purpose; prints its id'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "edit" -d 'Change a purpose'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "archive" -d 'Archive a purpose: no new consent, history kept'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "rm" -d 'Delete a purpose no consent refers to'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "templates" -d 'List the shipped templates, or load some (--load KEY, or --all)'
complete -c custos -n "__fish_custos_using_subcommand purpose; and not __fish_seen_subcommand_from list show add edit archive rm templates audience" -f -a "audience" -d 'Who may be contacted for a purpose now (consent or other basis, not restricted, not objected)'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l name -d 'The purpose\'s name, as people will read it' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l description -d 'What the data is used for, in plain words (shown in exports and the Art. 30 register)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l basis -d 'consent, contract, legal-obligation, vital-interests, public-task, legitimate-interest (or the Art. 6(1) letter)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l interest -d 'For legitimate interest: the interest pursued' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l months -d 'Retention period in months' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l from -d 'What retention runs from: consent-given, last-interaction, end-of-contract, creation' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l data-category -d 'Category of personal data processed (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l subject-category -d 'Category of people concerned, e.g. customers (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l recipient -d 'Recipient or processor the data goes to (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l transfer -d 'A transfer outside the EEA: "DESTINATION=SAFEGUARD" (adequacy, scc, bcr, derogation, other)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l special -d 'An Art. 9 category this purpose may hold (health, religion, …)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l condition -d 'The Art. 9(2) condition for special categories' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l marketing -d 'Direct marketing (an objection ends it)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l auto-erase -d 'Let the retention sweep erase expired records of this purpose' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l name -d 'The purpose\'s name, as people will read it' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l description -d 'What the data is used for, in plain words (shown in exports and the Art. 30 register)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l basis -d 'consent, contract, legal-obligation, vital-interests, public-task, legitimate-interest (or the Art. 6(1) letter)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l interest -d 'For legitimate interest: the interest pursued' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l months -d 'Retention period in months' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l from -d 'What retention runs from: consent-given, last-interaction, end-of-contract, creation' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l data-category -d 'Category of personal data processed (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l subject-category -d 'Category of people concerned, e.g. customers (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l recipient -d 'Recipient or processor the data goes to (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l transfer -d 'A transfer outside the EEA: "DESTINATION=SAFEGUARD" (adequacy, scc, bcr, derogation, other)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l special -d 'An Art. 9 category this purpose may hold (health, religion, …)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l condition -d 'The Art. 9(2) condition for special categories' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l marketing -d 'Direct marketing (an objection ends it)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l auto-erase -d 'Let the retention sweep erase expired records of this purpose' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from archive" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from archive" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from archive" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from archive" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from archive" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from rm" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from rm" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from rm" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from rm" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from rm" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l load -d 'Load the template with this key (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l all -d 'Load every template'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from templates" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand purpose; and __fish_seen_subcommand_from audience" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -f -a "give" -d 'Record that CONTACT gave consent for PURPOSE'
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -f -a "withdraw" -d 'Record that CONTACT withdrew consent for PURPOSE'
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -f -a "refuse" -d 'Record that CONTACT refused when asked'
complete -c custos -n "__fish_custos_using_subcommand consent; and not __fish_seen_subcommand_from give withdraw refuse history" -f -a "history" -d 'The full history of CONTACT\'s consent for PURPOSE'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l channel -d 'phone, web-form, email, paper, in-person, import' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l evidence -d 'What was asked and how (required to give consent)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l at -d 'When the person decided (YYYY-MM-DD or RFC 3339; default now)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from give" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l channel -d 'phone, web-form, email, paper, in-person, import' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l evidence -d 'What was asked and how (required to give consent)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l at -d 'When the person decided (YYYY-MM-DD or RFC 3339; default now)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from withdraw" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l channel -d 'phone, web-form, email, paper, in-person, import' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l evidence -d 'What was asked and how (required to give consent)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l at -d 'When the person decided (YYYY-MM-DD or RFC 3339; default now)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from refuse" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand consent; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "report" -d 'Counts per state and the contacts that need attention'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "sweep" -d 'Carry out the erasures that are due; for a nightly cron job'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "anonymise" -d 'Anonymise contacts now (keeps statistics, removes every personal value)'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "schedule" -d 'Schedule erasure of contacts on a date'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "cancel" -d 'Cancel a scheduled erasure'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "extend" -d 'Keep contacts until a date, for a recorded reason'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "hold" -d 'Put contacts on legal hold (suspends every erasure)'
complete -c custos -n "__fish_custos_using_subcommand retention; and not __fish_seen_subcommand_from report sweep anonymise schedule cancel extend hold release" -f -a "release" -d 'Take contacts off legal hold'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l as-of -d 'Evaluate as of this date ("what expires next month")' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l state -d 'Only this state: no-basis, expired, expiring-30, expiring-90, scheduled, legal-hold, fine, anonymised' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l as-of -d 'Sweep as if it were this date (YYYY-MM-DD; default now)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l dry-run -d 'Only say what would be done'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from sweep" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -s y -l yes -d 'Do not ask for confirmation'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from anonymise" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l on -d 'The date the erasure happens (YYYY-MM-DD)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l reason -d 'Why, for the record (shown in the audit trail and the dashboard)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l delete -d 'Delete instead of anonymising'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from schedule" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from cancel" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from cancel" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from cancel" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from cancel" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from cancel" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l until -d 'Keep until this date (YYYY-MM-DD)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l reason -d 'Why, for the record (shown in the audit trail and the dashboard)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from extend" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -l reason -d 'Why, for the record (shown in the audit trail and the dashboard)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from hold" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from release" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from release" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from release" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from release" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from release" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand retention; and __fish_seen_subcommand_from release" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand vacuum" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand vacuum" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand vacuum" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand vacuum" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand vacuum" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand vacuum" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand backup; and not __fish_seen_subcommand_from verify" -a "verify" -d 'Read a backup file without changing it: every record decoded and the audit chain verified'
complete -c custos -n "__fish_custos_using_subcommand backup; and __fish_seen_subcommand_from verify" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand backup; and __fish_seen_subcommand_from verify" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand backup; and __fish_seen_subcommand_from verify" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand backup; and __fish_seen_subcommand_from verify" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand backup; and __fish_seen_subcommand_from verify" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand restore" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand restore" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand restore" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand restore" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand restore" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand restore" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "list" -d 'List incidents with their deadline'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "show" -d 'Show one incident (the Art. 33(5) documentation)'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "add" -d 'Register a breach; prints its id'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "edit" -d 'Change an incident: facts, the authority\'s notification, status'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "note" -d 'Add a note to the incident\'s timeline'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "notify-list" -d 'Add the people a rule selects to the notification list (frozen as they are now); without a rule, show the list'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "mark" -d 'Mark people on the list as notified (or, with --undo, not)'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "export" -d 'Export the notification list (csv), letters (eml: a directory with one letter per person), or the documentation (md, json)'
complete -c custos -n "__fish_custos_using_subcommand incident; and not __fish_seen_subcommand_from list show add edit note notify-list mark export send" -f -a "send" -d 'Send the letters through the configured sendmail command'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l title -d 'A short title' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l description -d 'What happened' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l occurred -d 'When it happened (YYYY-MM-DD or RFC 3339)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l aware -d 'When the company became aware: the 72 hours start here (default now)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l nature -d 'confidentiality, integrity, availability (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l data-category -d 'Category of personal data concerned (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l subject-category -d 'Category of people concerned (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l people -d 'Approximate number of people affected' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l records -d 'Approximate number of records affected' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l consequences -d 'Likely consequences for the people (Art. 33(3)(c))' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l measures -d 'Measures taken or proposed (Art. 33(3)(d))' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l risk -d 'none, risk, high' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l contact-point -d 'Whom people and the authority can contact' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l authority-notified -d 'When the authority was notified' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l authority-reference -d 'The supervisory authority\'s reference for the notification' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l authority-name -d 'The authority notified (e.g. Autoriteit Persoonsgegevens, GBA/APD)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l delay-reason -d 'Why the authority was told after more than 72 hours' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l tell-people -d 'Must the people be told: yes, no (with --why), undecided' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l why -d 'Why the authority or the people are not notified, or late (Art. 33(1), 34(3))' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l status -d 'open, notified, closed' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l title -d 'A short title' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l description -d 'What happened' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l occurred -d 'When it happened (YYYY-MM-DD or RFC 3339)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l aware -d 'When the company became aware: the 72 hours start here (default now)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l nature -d 'confidentiality, integrity, availability (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l data-category -d 'Category of personal data concerned (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l subject-category -d 'Category of people concerned (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l people -d 'Approximate number of people affected' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l records -d 'Approximate number of records affected' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l consequences -d 'Likely consequences for the people (Art. 33(3)(c))' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l measures -d 'Measures taken or proposed (Art. 33(3)(d))' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l risk -d 'none, risk, high' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l contact-point -d 'Whom people and the authority can contact' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l authority-notified -d 'When the authority was notified' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l authority-reference -d 'The supervisory authority\'s reference for the notification' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l authority-name -d 'The authority notified (e.g. Autoriteit Persoonsgegevens, GBA/APD)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l delay-reason -d 'Why the authority was told after more than 72 hours' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l tell-people -d 'Must the people be told: yes, no (with --why), undecided' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l why -d 'Why the authority or the people are not notified, or late (Art. 33(1), 34(3))' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l status -d 'open, notified, closed' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from note" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from note" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from note" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from note" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from note" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from note" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l tag -d 'Contacts with this tag (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l org -d 'Contacts of this organisation id (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l purpose -d 'Purpose id or name' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l created -d 'Created between FROM..TO (YYYY-MM-DD..YYYY-MM-DD)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l interacted -d 'Had an interaction between FROM..TO' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l contact -d 'Add this contact id by hand (repeat for several)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l everyone -d 'Every contact'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l preview -d 'Only count who the rule selects'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from notify-list" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l all -d 'Everyone on the list'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l undo -d 'Mark as not notified instead'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from mark" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -l format -d 'csv (the list), eml (letters), md or json (the documentation)' -r -f -a "csv\t''
eml\t''
md\t''
json\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -s o -l output -d 'File, or directory for eml' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from send" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from send" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from send" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from send" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from send" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand incident; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -f -a "show" -d 'Show the settings'
complete -c custos -n "__fish_custos_using_subcommand settings; and not __fish_seen_subcommand_from show set" -f -a "set" -d 'Change one setting: controller-name, controller-address, controller-email, dpo-contact, security-measures, incidents-visible-to-sales, auto-erase-expired, sendmail-command, default-language, time-zone (an IANA name such as Europe/Brussels; empty: the server\'s zone, else Europe/Amsterdam), phone-region (the country of numbers written without +country code: NL, BE), daily-contact-ceiling (3000), max-connections-per-user (16), idle-timeout-minutes (30), frame-memory-mib (64)'
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from set" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from set" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from set" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from set" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from set" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand settings; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand serve" -l admin -d 'Make this OS account the first admin of a database without users' -r
complete -c custos -n "__fish_custos_using_subcommand serve" -l group -d 'Members of this group may connect (socket mode 0660)' -r
complete -c custos -n "__fish_custos_using_subcommand serve" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand serve" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand serve" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand serve" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand serve" -s v -l verbose -d 'Log every connection, not only refusals and errors'
complete -c custos -n "__fish_custos_using_subcommand serve" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand serve" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l backup-dir -d 'Write a backup into this directory (on the daemon\'s machine), named custos-DATE-TIME.redb; without it, no backup is made' -r -F
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l keep-daily -d 'Keep the newest backup of each of this many most recent days that have one' -r
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l keep-weekly -d 'Also keep the newest backup of each of this many most recent ISO weeks that have one' -r
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l offsite-recipient -d 'Also write the backup encrypted to this age public key (age1…), as FILE.age, for a copy that leaves the server; repeat for several keys. Keep the matching private key off the server' -r
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l offsite-command -d 'Send the encrypted copy off the server with this shell command, which gets the file\'s path as its last argument (e.g. "rclone copy -- remote:custos", or a script); the .age file is removed once it succeeded' -r
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l always-vacuum -d 'Vacuum even when the sweep erased nobody'
complete -c custos -n "__fish_custos_using_subcommand maintenance" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand maintenance" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -f -a "list" -d 'List users and their roles'
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -f -a "add" -d 'Give an OS account access with a role'
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -f -a "role" -d 'Change a user\'s role'
complete -c custos -n "__fish_custos_using_subcommand user; and not __fish_seen_subcommand_from list add role remove" -f -a "remove" -d 'Take a user\'s access away'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -l role -d 'admin, privacy-officer, sales or read-only' -r
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from role" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from role" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from role" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from role" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from role" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from role" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from remove" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from remove" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from remove" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from remove" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from remove" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand user; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "list" -d 'The queue: open requests, nearest deadline first'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "add" -d 'File a request; prints its id. The deadline is one month from receipt'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "show" -d 'Show one request with its notes'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "status" -d 'Set the status: new, identity-verified, in-progress, refused (with --reason), done (with --note, closing it by hand)'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "extend" -d 'Extend the deadline by two months, with the reason the person is told'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "link" -d 'Match the request to a contact'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "note" -d 'Add a note'
complete -c custos -n "__fish_custos_using_subcommand request; and not __fish_seen_subcommand_from list add show status extend link note done" -f -a "done" -d 'Carry the request out and close it: access and portability write the export to --output; erasure anonymises (or --delete), now or --on a date; restriction needs --reason; objection and consent withdrawal withdraw; rectification records the correction. A request that matches no contact is closed with --note'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l all -d 'Closed requests too'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l kind -d 'access, rectification, erasure, restriction, objection, portability, consent-withdrawal' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l contact -d 'The contact it is about' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l requester -d 'Who asked, as they identified themselves, when not yet matched' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l received -d 'When it was received (YYYY-MM-DD; default today)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l note -d 'A note for the record (how it arrived, what exactly was asked)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -l format -d 'How to print it: table (aligned columns), csv or json' -r -f -a "table\t'Aligned columns (a header line when writing to a terminal), or the record as text for a show command'
csv\t'Spreadsheet-ready CSV (see --delimiter and --bom)'
json\t'JSON: values spelled as in the CSV'"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l note -d 'A note for the record' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l reason -d 'Why the request is refused (told to the person, Art. 12(4))' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -l reason -d 'Why more time is needed (the person is told, Art. 12(3))' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from extend" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from link" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from link" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from link" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from link" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from link" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from link" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from note" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from note" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from note" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from note" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from note" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from note" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -s o -l output -d 'Where the export goes (access, portability)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l format -d 'Default: from the output\'s extension (.json, .zip, .csv, .xlsx)' -r -f -a "json\t''
csv\t'A zip with cover.txt and one CSV per section; one flat file with --flat or an output ending in .csv'
xlsx\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l on -d 'Erasure: on this date, by the retention sweep (YYYY-MM-DD)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l reason -d 'Restriction: why' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l note -d 'A note for the record' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l flat -d 'One flat CSV instead of a zip with a file per section'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l delete -d 'Erasure: delete the record instead of anonymising it'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand request; and __fish_seen_subcommand_from done" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -f -a "subject" -d 'Everything stored about one person (Art. 15, 20), with a cover explaining purposes and rights'
complete -c custos -n "__fish_custos_using_subcommand export; and not __fish_seen_subcommand_from subject ropa" -f -a "ropa" -d 'The records of processing activities (Art. 30) from the purposes'
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l format -d 'Default: from the output\'s extension (.json, .zip, .csv, .xlsx)' -r -f -a "json\t''
csv\t'A zip with cover.txt and one CSV per section; one flat file with --flat or an output ending in .csv'
xlsx\t''"
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -s o -l output -d 'The file to write' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l flat -d 'One flat CSV instead of a zip with a file per section'
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from subject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -l format -d 'md, csv or xlsx' -r -f -a "md\t''
csv\t''
xlsx\t''"
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -s o -l output -d 'The file to write' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand export; and __fish_seen_subcommand_from ropa" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand completions" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand completions" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand completions" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand completions" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand completions" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand completions" -s h -l help -d 'Print help'
complete -c custos -n "__fish_custos_using_subcommand man" -l db -d 'Database file (default: custos.redb in your data directory). A file that does not exist is refused (a typo must not start an empty database) unless --create, or demo or serve --admin' -r -F
complete -c custos -n "__fish_custos_using_subcommand man" -l socket -d 'The daemon\'s socket: where `serve` listens, and where every other command finds the daemon instead of opening a database file (default: the daemon\'s socket when it exists)' -r -F
complete -c custos -n "__fish_custos_using_subcommand man" -l delimiter -d 'CSV output: the separator (default ; as Dutch and Belgian Excel expect; , for scripts)' -r
complete -c custos -n "__fish_custos_using_subcommand man" -l bom -d 'CSV output: start with a byte-order mark, so Excel reads the text as UTF-8 (default true; false for scripts)' -r -f -a "true\t''
false\t''"
complete -c custos -n "__fish_custos_using_subcommand man" -l create -d 'Create the database named by --db if it does not exist yet'
complete -c custos -n "__fish_custos_using_subcommand man" -s h -l help -d 'Print help'
