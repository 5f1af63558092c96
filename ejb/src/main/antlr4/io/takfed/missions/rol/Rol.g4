// takfed's grammar for ROL (Resource Operation Language) as TAK federation carries it in ROL.program, written
// from the protocol description (spec 4.3): a program is one or more statements, each an operation, a resource,
// optional JSON-like parameters, and ';'. TAK sends exactly one statement per program.
grammar Rol;

program    : statement+ EOF ;
statement  : operation resource parameters? ';' ;

operation  : 'create' | 'add' | 'remove' | 'update' | 'assign' | 'revoke' | 'get' | 'post' | 'put' | 'delete'
           | 'contains' | 'request' | 'announce' | 'disperse' | 'store' | 'enable' | 'disable' ;
resource   : 'query' | 'subscription' | 'staticsubscription' | 'role' | 'priority' | 'resource' | 'package'
           | 'mission' | 'input' | 'federation' | 'federate' | 'federated_connection' | 'data_feed' ;

parameters : object ;
object     : '{' (pair (',' pair)*)? '}' ;
pair       : STRING ':' value ;
array      : '[' (value (',' value)*)? ']' ;
value      : STRING | NUMBER | object | array | TRUE | FALSE | IDENT ;

TRUE       : 'true' ;
FALSE      : 'false' ;
// After the keywords, so that they win; "null" lexes as an identifier, as in TAK's grammar.
IDENT      : [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING     : '"' (ESCAPE | ~["\\\u0000-\u001F])* '"' ;
fragment ESCAPE : '\\' (["\\/bfnrt] | 'u' HEX HEX HEX HEX) ;
fragment HEX    : [0-9a-fA-F] ;
NUMBER     : '-'? ('0' | [1-9] [0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? ;
WS         : [ \t\r\n]+ -> skip ;
